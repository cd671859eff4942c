// The one DiagnosticCollection of the extension: core problems (lint, lifecycle,
// stale claims) turned into VS Code diagnostics. Each keeps its stable code, and
// the code links to the task's line so the Problems panel leads to the task.
import * as vscode from 'vscode';
import type { Problem, Severity, Span } from '../../core/model';
import type { LineIndex } from '../../core/text';

export const DIAGNOSTIC_SOURCE = 'Agent Task Board';

export class TaskDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('agentTaskBoard');

  /** Replace the diagnostics of `file` with `problems`, placed by `lines`, the line index of the text their spans point into. */
  set(file: string, problems: readonly Problem[], lines: () => LineIndex): void {
    const uri = vscode.Uri.parse(file);
    if (problems.length === 0) {
      // No positions to find: a 50 MB board's line index alone is ~80 ms.
      this.collection.set(uri, []);
      return;
    }
    const index = lines();
    this.collection.set(
      uri,
      problems.map((p) => toDiagnostic(uri, index, p)),
    );
  }

  delete(file: string): void {
    this.collection.delete(vscode.Uri.parse(file));
  }

  clear(): void {
    this.collection.clear();
  }

  dispose(): void {
    this.collection.dispose();
  }
}

export function toDiagnostic(uri: vscode.Uri, lines: LineIndex, problem: Problem): vscode.Diagnostic {
  const range = toRange(lines, problem.span);
  const diagnostic = new vscode.Diagnostic(range, readableMessage(uri, problem.message), toSeverity(problem.severity));
  diagnostic.source = DIAGNOSTIC_SOURCE;
  diagnostic.code = { value: problem.code, target: uri.with({ fragment: `L${range.start.line + 1}` }) };
  return diagnostic;
}

/**
 * Core messages name their file as they were given it, which in the editor is
 * a `file:///…` URI: the Problems panel shows the workspace-relative path.
 */
export function readableMessage(uri: vscode.Uri, message: string): string {
  const raw = uri.toString();
  if (!message.includes(raw)) return message;
  return message.split(raw).join(vscode.workspace.asRelativePath(uri, false));
}

export function toRange(lines: LineIndex, span: Span): vscode.Range {
  const start = lines.position(span.start);
  const end = lines.position(Math.max(span.start, span.end));
  return new vscode.Range(start.line, start.character, end.line, end.character);
}

export function toSeverity(severity: Severity): vscode.DiagnosticSeverity {
  switch (severity) {
    case 'error':
      return vscode.DiagnosticSeverity.Error;
    case 'warning':
      return vscode.DiagnosticSeverity.Warning;
    case 'info':
      return vscode.DiagnosticSeverity.Information;
  }
}

/** The problem code a diagnostic carries, whichever form it has. */
export function diagnosticCode(diagnostic: vscode.Diagnostic): string | undefined {
  const code = diagnostic.code;
  if (code === undefined) return undefined;
  return typeof code === 'object' ? String(code.value) : String(code);
}
