// The webview's side of the VS Code API: typed posting and saved UI state.

import type { FromWebview } from '../../src/shared/boardMessages';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

/** acquireVsCodeApi may be called once per page; this is that one call. */
const api: VsCodeApi = acquireVsCodeApi();

export function post(message: FromWebview): void {
  api.postMessage(message);
}

export function savedState(): unknown {
  return api.getState();
}

export function saveState(state: unknown): void {
  api.setState(state);
}
