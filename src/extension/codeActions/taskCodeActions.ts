// Quick fixes for the task files, keyed on the diagnostics' stable codes: each
// core problem's fixes become WorkspaceEdits (the preferred one marked), a
// stale claim's Release runs through the move path, and a "Fix all" source
// action applies every preferred fix of the file at once (also on save, when
// `editor.codeActionsOnSave` asks for `source.fixAll`).
import * as vscode from 'vscode';
import { fixAll } from '../../core/fixAll';
import type { Problem, TextEdit } from '../../core/model';
import { diagnosticCode, DIAGNOSTIC_SOURCE } from '../diagnostics/taskDiagnostics';
import type { Enforcement } from '../enforcement/enforcement';

export const FIX_ALL_KIND = vscode.CodeActionKind.SourceFixAll.append('agentTaskBoard');
export const RELEASE_STALE_COMMAND = '_agentTaskBoard.releaseStaleClaim';
export const FIX_ALL_TITLE = vscode.l10n.t('Fix all task-file problems');

export class TaskCodeActions implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = {
    providedCodeActionKinds: [vscode.CodeActionKind.QuickFix, FIX_ALL_KIND],
  };

  constructor(
    private readonly enforcement: () => Enforcement | undefined,
    /** Whether a document is a task file (the store's kind, which knows each folder's globs). */
    private readonly isTaskFile: (uri: vscode.Uri) => boolean = () => true,
  ) {}

  provideCodeActions(
    document: vscode.TextDocument,
    range: vscode.Range | vscode.Selection,
    context: vscode.CodeActionContext,
  ): vscode.CodeAction[] {
    const enforcement = this.enforcement();
    if (!enforcement || !this.isTaskFile(document.uri)) return [];
    const file = document.uri.toString();
    const text = document.getText();
    const actions: vscode.CodeAction[] = [];
    const wantsQuickFix = !context.only || context.only.intersects(vscode.CodeActionKind.QuickFix);
    if (wantsQuickFix) {
      const here = enforcement.problemsFor(file, text).filter((problem) => problem.fixes.length > 0 && touches(rangeOf(document, problem), range));
      for (const problem of enforcement.idsFreeElsewhere(file, text, here)) {
        const diagnostic = context.diagnostics.find((d) => matches(d, problem, rangeOf(document, problem)));
        actions.push(...this.fixesOf(document, problem, diagnostic));
      }
    }
    // Fix-all on save (editor.codeActionsOnSave) is a write the extension makes: not in restricted mode.
    if (context.only?.intersects(FIX_ALL_KIND) && vscode.workspace.isTrusted) {
      const all = this.fixAllAction(document, enforcement);
      if (all) actions.push(all);
    }
    return actions;
  }

  /** The "Fix all" action for a document, or undefined when nothing is fixable; with how many problems it fixes. */
  fixAllAction(document: vscode.TextDocument, enforcement: Enforcement): (vscode.CodeAction & { readonly fixes: number }) | undefined {
    const file = document.uri.toString();
    // lintFor leaves stale claims out: releasing is a judgement call (is the agent really gone?), never made in bulk.
    const result = fixAll(document.getText(), enforcement.lintFor(file));
    if (result.edits.length === 0) return undefined;
    const action = Object.assign(new vscode.CodeAction(FIX_ALL_TITLE, FIX_ALL_KIND), { fixes: result.applied.length });
    action.edit = toWorkspaceEdit(document, result.edits);
    return action;
  }

  private fixesOf(document: vscode.TextDocument, problem: Problem, diagnostic: vscode.Diagnostic | undefined): vscode.CodeAction[] {
    return problem.fixes.map((fix) => {
      const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
      if (problem.code === 'stale-claim' && problem.taskId) {
        // Release is a move: it goes through the compare-and-swap move path (history line, save), not a bare edit.
        action.command = {
          title: fix.title,
          command: RELEASE_STALE_COMMAND,
          arguments: [{ file: document.uri.toString(), id: problem.taskId }],
        };
      } else {
        action.edit = toWorkspaceEdit(document, fix.edits);
      }
      if (diagnostic) action.diagnostics = [diagnostic];
      action.isPreferred = fix.preferred === true;
      return action;
    });
  }
}

/**
 * Registers the provider for files on disk; the provider itself asks
 * `isTaskFile` (the store's kind). The task-file globs are relative to each
 * workspace folder: bare string patterns in a selector are matched against the
 * absolute path and missed them, and a selector would have to follow folder
 * and setting changes, which the store already does.
 */
export function registerTaskCodeActions(enforcement: () => Enforcement | undefined, isTaskFile: (uri: vscode.Uri) => boolean): vscode.Disposable {
  const provider = new TaskCodeActions(enforcement, isTaskFile);
  // Any language: the file-kind globs are settings and need not end in .md.
  const selector: vscode.DocumentFilter[] = [{ scheme: 'file' }, { scheme: 'vscode-remote' }];
  return vscode.languages.registerCodeActionsProvider(selector, provider, TaskCodeActions.metadata);
}

export function toWorkspaceEdit(document: vscode.TextDocument, edits: readonly TextEdit[]): vscode.WorkspaceEdit {
  const edit = new vscode.WorkspaceEdit();
  for (const e of edits) {
    edit.replace(document.uri, new vscode.Range(document.positionAt(e.start), document.positionAt(e.end)), e.newText);
  }
  return edit;
}

function matches(diagnostic: vscode.Diagnostic, problem: Problem, range: vscode.Range): boolean {
  return diagnostic.source === DIAGNOSTIC_SOURCE && diagnosticCode(diagnostic) === problem.code && diagnostic.range.isEqual(range);
}

/** Line-wise: the lightbulb on a line offers the fixes of every problem on it, empty ranges included. */
function touches(a: vscode.Range, b: vscode.Range): boolean {
  return a.start.line <= b.end.line && b.start.line <= a.end.line;
}

function rangeOf(document: vscode.TextDocument, problem: Problem): vscode.Range {
  return new vscode.Range(document.positionAt(problem.span.start), document.positionAt(problem.span.end));
}
