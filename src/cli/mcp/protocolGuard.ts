// What the SDK's stdio transport does with bad input, and what JSON-RPC asks
// for instead. A line that is not JSON is dropped without an answer (the
// client waits for nothing); JSON-RPC answers -32700 Parse error. A request
// whose params do not fit the method (`tools/call` with `arguments` a string)
// reaches the SDK's handler, whose schema check throws and is answered as
// -32603 Internal error carrying a zod dump; JSON-RPC answers -32602 Invalid
// params, and a short message names the field. This guard sits on the
// transport, after the server has connected to it: it checks requests first
// and answers these itself, and passes everything else on unchanged.
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import {
  CallToolRequestSchema,
  ErrorCode,
  InitializeRequestSchema,
  ListToolsRequestSchema,
  PingRequestSchema,
  type JSONRPCMessage,
  type RequestId,
} from '@modelcontextprotocol/sdk/types.js';

interface Checkable {
  safeParse(value: unknown): { success: boolean; error?: { issues: readonly { path: readonly PropertyKey[]; message: string }[] } };
}

/** The requests this server handles, with the SDK's own schema for each. */
const REQUEST_SCHEMAS: Readonly<Record<string, Checkable>> = {
  initialize: InitializeRequestSchema,
  ping: PingRequestSchema,
  'tools/list': ListToolsRequestSchema,
  'tools/call': CallToolRequestSchema,
};

/** Call after `server.connect(transport)`. */
export function guardProtocol(transport: Transport): void {
  const deliver = transport.onmessage;
  const reportError = transport.onerror;
  const answer = (id: RequestId | null, code: number, message: string): void => answerError(transport, id, code, message);
  transport.onerror = (error) => {
    // JSON.parse failed on a line: the SDK reports it here and answers nothing.
    if (error instanceof SyntaxError) answer(null, ErrorCode.ParseError, 'Parse error: a line on stdin is not JSON; each line must be one JSON-RPC message.');
    else if (isSchemaError(error)) answer(null, ErrorCode.InvalidRequest, 'Invalid Request: the line is JSON but not a JSON-RPC 2.0 message.');
    reportError?.(error);
  };
  transport.onmessage = (message, extra) => {
    const problem = paramsProblem(message);
    if (problem) return answer(problem.id, ErrorCode.InvalidParams, `Invalid params: ${problem.message}`);
    deliver?.(message, extra);
  };
}

/** Sends a JSON-RPC error answer. */
export function answerError(transport: Transport, id: RequestId | null, code: number, message: string): void {
  // JSON-RPC answers an unreadable request with id null; the SDK's type has no null id.
  void transport.send({ jsonrpc: '2.0', id, error: { code, message } } as unknown as JSONRPCMessage);
}

function paramsProblem(message: JSONRPCMessage): { id: RequestId; message: string } | undefined {
  if (!('method' in message) || !('id' in message)) return undefined;
  const schema = REQUEST_SCHEMAS[message.method];
  const result = schema?.safeParse(message);
  const issue = result && !result.success ? result.error?.issues[0] : undefined;
  if (!issue) return undefined;
  const where = issue.path.map(String).join('.') || 'the request';
  return { id: message.id, message: `${where}: ${issue.message.replace(/^Invalid input: /, '')}.` };
}

function isSchemaError(error: Error): boolean {
  return error.name === 'ZodError' || Array.isArray((error as { issues?: unknown }).issues);
}
