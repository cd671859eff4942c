// What the board's browser tests share: opening the board from the palette,
// and driving the palette and quick picks with the keyboard focus in the
// workbench rather than in the webview.
import type { Frame, Page } from 'playwright-core';
import type { Workbench } from '../host/workbench';

/** Opens the board and returns its webview frame once a card shows. */
export async function openBoard(workbench: Workbench): Promise<Frame> {
  await workbench.page.setViewportSize({ width: 1600, height: 1000 });
  // The palette lists extension commands only once the extension host has read the manifest: retry.
  for (let attempt = 1; ; attempt++) {
    try {
      await workbench.runCommand('Agent Task Board: Open Board');
      break;
    } catch (error) {
      if (attempt >= 6) throw error;
      await workbench.page.keyboard.press('Escape');
      await workbench.page.waitForTimeout(2000);
    }
  }
  return workbench.webviewFrame('.card', 60_000);
}

/** Runs a palette command with the keyboard focus in the workbench (F1 typed into a focused webview may not reach it). */
export async function paletteCommand(page: Page, title: string): Promise<void> {
  await page.locator('.part.sidebar .composite.title').first().click();
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: 10_000 });
  await input.fill(`>${title}`);
  await pickQuickInput(page, title);
}

/** Clicks the quick-input row whose label is exactly `label` (Enter would take the best fuzzy match). */
export async function pickQuickInput(page: Page, label: string): Promise<void> {
  const row = page.locator('.quick-input-widget .monaco-list-row').filter({ has: page.getByText(label, { exact: true }) }).first();
  await row.waitFor({ state: 'visible', timeout: 10_000 });
  await row.click();
}
