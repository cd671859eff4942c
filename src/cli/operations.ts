// What the command line does, as functions returning data, so the MCP server
// and the tests call the same code the `agent-task-board` commands print. One
// file per command family; this module gathers them for their callers.
export * from './scope';
export * from './lintOperation';
export * from './fixOperation';
export * from './moveOperation';
export * from './checkOperation';
export * from './workLogFor';
