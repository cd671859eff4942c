// What enforcement tells the user about a file, and the last reports kept for
// tests and the output.
import type { ViolationSummary } from '../../core/acceptedState';

/** What enforcement told the user about one file. */
export interface EnforcementReport {
  readonly file: string;
  /** `save`: refused in a save; `disk`: written on disk; `startup`: found when VS Code opened. */
  readonly source: 'save' | 'disk' | 'startup';
  readonly violations: readonly ViolationSummary[];
  /** True when the fields were reverted without asking (`revert` on save, `strict` on disk). */
  readonly reverted: boolean;
  readonly message: string;
}

export type ReportChoice = 'revert' | 'accept' | undefined;

/** Shows a report; for disk reports resolves with the user's choice. Injectable for tests. */
export type Notifier = (report: EnforcementReport) => Thenable<ReportChoice>;

export type RevertResult = { readonly ok: true } | { readonly ok: false; readonly message: string };

const KEPT_REPORTS = 50;

/** The reports shown, the last few kept. */
export class Reports {
  private readonly kept: EnforcementReport[] = [];

  constructor(private readonly notify: Notifier) {}

  /** Keeps and shows `report`; resolves with the user's choice. */
  show(report: EnforcementReport): Thenable<ReportChoice> {
    this.record(report);
    return this.notify(report);
  }

  /** Keeps `report` without showing it (`warn` is diagnostics only). */
  record(report: EnforcementReport): void {
    this.kept.push(report);
    if (this.kept.length > KEPT_REPORTS) this.kept.shift();
  }

  /** The last report, of any file or of `file`. */
  last(file?: string): EnforcementReport | undefined {
    for (let i = this.kept.length - 1; i >= 0; i--) if (file === undefined || this.kept[i]!.file === file) return this.kept[i];
    return undefined;
  }
}
