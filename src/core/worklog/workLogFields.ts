// The nine work-log fields of seed 002, and the other names agents give them.
import { WORK_LOG_FIELDS, type WorkLogField } from '../model';

const ALIASES: Readonly<Record<string, WorkLogField>> = {
  summary: 'Task Summary',
  tasksummary: 'Task Summary',
  filesmodified: 'Files Modified/Created',
  filescreated: 'Files Modified/Created',
  fileschanged: 'Files Modified/Created',
  filesmodifiedcreated: 'Files Modified/Created',
  filescreatedmodified: 'Files Modified/Created',
  files: 'Files Modified/Created',
  keyimplementationdecisions: 'Key Implementation Decisions',
  implementationdecisions: 'Key Implementation Decisions',
  keydecisions: 'Key Implementation Decisions',
  decisions: 'Key Implementation Decisions',
  databasechanges: 'Database Changes',
  dbchanges: 'Database Changes',
  apichanges: 'API Changes',
  dependenciesaddedupdated: 'Dependencies Added/Updated',
  dependenciesadded: 'Dependencies Added/Updated',
  dependencies: 'Dependencies Added/Updated',
  testingperformed: 'Testing Performed',
  testing: 'Testing Performed',
  tests: 'Testing Performed',
  nextstepsdependencies: 'Next Steps/Dependencies',
  nextsteps: 'Next Steps/Dependencies',
  potentialissues: 'Potential Issues',
  knownissues: 'Potential Issues',
  issues: 'Potential Issues',
};

/** The field a label stands for (`Task Summary`, `Files Modified`, `API changes:`), or undefined. */
export function workLogField(label: string): WorkLogField | undefined {
  const key = label
    .replace(/^\s*\d{1,2}[.)]\s*/, '')
    .toLowerCase()
    .replace(/[^a-z]/g, '');
  if (Object.prototype.hasOwnProperty.call(ALIASES, key)) return ALIASES[key];
  return WORK_LOG_FIELDS.find((f) => f.toLowerCase().replace(/[^a-z]/g, '') === key);
}
