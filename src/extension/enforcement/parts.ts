// What the parts of enforcement share (enforcement.ts puts them together):
// the store, the accepted state, git's texts, the reports, the diagnostics
// and what a report's buttons do.
import type { TaskStore } from '../taskStore';
import type { AcceptedTexts } from './acceptedTexts';
import type { EnforcementDiagnostics } from './enforcementDiagnostics';
import type { GitTexts } from './gitTexts';
import type { Reports } from './report';
import type { ReportActions } from './reportActions';

export interface EnforcementParts {
  readonly store: TaskStore;
  readonly accepted: AcceptedTexts;
  readonly git: GitTexts;
  readonly reports: Reports;
  readonly views: EnforcementDiagnostics;
  readonly actions: ReportActions;
  isDisposed(): boolean;
}
