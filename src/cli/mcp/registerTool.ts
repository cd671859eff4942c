// The SDK's own `registerTool` infers the handler's argument type through
// zod's generics, and TypeScript's checker blows up on it (gigabytes of memory
// and minutes per run; a known SDK issue). Every tool is registered through
// this narrow signature instead: the arguments are typed by `z.infer` of the
// same shape, and the SDK still validates them at run time, as a strict object.
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult, ToolAnnotations } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';

export interface ToolConfig<Shape extends z.ZodRawShape> {
  readonly title: string;
  readonly description: string;
  readonly inputSchema: Shape;
  readonly annotations?: ToolAnnotations;
}

type AnyToolHandler = (args: unknown) => CallToolResult | Promise<CallToolResult>;
type UntypedRegister = (name: string, config: object, handler: AnyToolHandler) => unknown;

export function registerTool<Shape extends z.ZodRawShape>(
  server: McpServer,
  name: string,
  config: ToolConfig<Shape>,
  handler: (args: z.objectOutputType<Shape, z.ZodTypeAny>) => CallToolResult | Promise<CallToolResult>,
): void {
  const register = server.registerTool.bind(server) as unknown as UntypedRegister;
  // Strict: an argument the tool does not take (`testing` for `testingPerformed`) is refused, naming it, rather than
  // dropped, with what the agent wrote in it.
  register(name, { ...config, inputSchema: z.object(config.inputSchema).strict() }, (args) => handler(args as z.objectOutputType<Shape, z.ZodTypeAny>));
}
