// The extension's internal commands (`_agentTaskBoard.*`), for the tests that
// check which of them a host holds: integration (under test) and e2e (as a user
// runs it). No `vscode` import, so the e2e tier can read it too.

/** Every test hook: the commands only tests and the bench call. */
export const TEST_HOOKS = [
  '_agentTaskBoard.boardReceive',
  '_agentTaskBoard.boardSnapshot',
  '_agentTaskBoard.boardBranchStatus',
  '_agentTaskBoard.enforcement.accept',
  '_agentTaskBoard.enforcement.accepted',
  '_agentTaskBoard.enforcement.acceptedWrites',
  '_agentTaskBoard.enforcement.lastReport',
  '_agentTaskBoard.enforcement.revert',
  '_agentTaskBoard.enforcement.start',
  '_agentTaskBoard.enforcement.stop',
  '_agentTaskBoard.enforcement.storeText',
  '_agentTaskBoard.eventLoop.start',
  '_agentTaskBoard.eventLoop.stop',
  '_agentTaskBoard.gitSetup.offer',
  '_agentTaskBoard.logLines',
  '_agentTaskBoard.memory',
  '_agentTaskBoard.profile.start',
  '_agentTaskBoard.profile.stop',
  '_agentTaskBoard.storeChanged',
  '_agentTaskBoard.setSaveWait',
  '_agentTaskBoard.storeState',
  '_agentTaskBoard.treeRebuilds',
  '_agentTaskBoard.treeSnapshot',
  '_agentTaskBoard.workLogPanelHtml',
  '_agentTaskBoard.workLogSnapshot',
].sort();

/** The internal commands the UI itself runs: registered in every mode. */
export const UI_COMMANDS = [
  '_agentTaskBoard.openTask',
  '_agentTaskBoard.openWorkLogEntry',
  '_agentTaskBoard.releaseStaleClaim',
  '_agentTaskBoard.showWorkLogEntries',
].sort();
