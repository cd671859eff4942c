/** The repository's settings file, at the root of its working tree (read by core/settings/repoSettings.ts). */
export const SETTINGS_FILE = '.agent-task-board.yml';
