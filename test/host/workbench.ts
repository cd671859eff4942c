// A Chromium page on a started host, with the few moves UI tests need:
// click an activity-bar item, run a palette command, find a webview frame,
// take a screenshot. Chromium is Debian's, driven by playwright-core.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { format } from 'node:util';
import { chromium, type Browser, type Frame, type Locator, type Page } from 'playwright-core';
import { trackCleanup } from './cleanup';
import type { Host } from './codeServer';
import { chromiumArgs, chromiumPath, repoRoot, screenshotsDir, slug } from './paths';

export interface WorkbenchOptions {
  /** Extension folder loaded as extensionDevelopmentPath. Default: the repo (its package.json + dist/). */
  extensionDevelopmentPath?: string | null;
  /** Compiled test module (no `.js`) run inside the extension host; its exit code goes to onExit. */
  extensionTestsPath?: string;
  /** Called with the exit code when extensionTestsPath's `run()` settles. */
  onExit?: (code: number) => void;
  /** Extension-host and workbench log lines (default: dropped unless ATB_VERBOSE is set). */
  onLog?: (line: string) => void;
  /** How long the workbench may take to show its activity bar. Default 90 s. */
  readyTimeoutMs?: number;
}

export interface Workbench {
  readonly page: Page;
  readonly browser: Browser;
  /** Clicks the activity-bar item whose accessible name starts with `label` (e.g. "Agent Tasks"). */
  clickActivityBar(label: string): Promise<void>;
  /** Shows that item's views: a click, unless they are shown already (a click would then hide them). */
  showActivityBarView(label: string): Promise<void>;
  /** Runs a command by its palette title, e.g. "Agent Task Board: List Task Files". */
  runCommand(title: string): Promise<void>;
  /** A tree row (any tree view) whose accessible name contains `label`. */
  treeItem(label: string): Locator;
  /** The first frame (webviews are nested frames) containing `selector`; waits up to `timeoutMs`. */
  webviewFrame(selector: string, timeoutMs?: number): Promise<Frame>;
  /**
   * Sets the page's size and waits until VS Code has laid itself out at it. A
   * resize that came before the workbench listened for it is never seen, and
   * the workbench stays at the old size: the resize is then made again.
   */
  resize(size: { readonly width: number; readonly height: number }): Promise<void>;
  /** Saves a PNG under .test-results/screenshots/ and returns its path. */
  screenshot(name: string): Promise<string>;
  /** Closes Chromium. Idempotent. (The host is stopped separately.) */
  close(): Promise<void>;
}

/** `host` is a started host, or any server with its `url` and `origin` (such as `npm start`'s). */
export async function openWorkbench(host: Pick<Host, 'url' | 'origin'>, options: WorkbenchOptions = {}): Promise<Workbench> {
  const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs, headless: true });
  let closed: Promise<void> | undefined;
  const close = (): Promise<void> => (closed ??= (untrack(), browser.close().catch(() => undefined)));
  const untrack = trackCleanup(close);
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const log = options.onLog ?? (process.env.ATB_VERBOSE ? (line: string) => process.stdout.write(`${line}\n`) : () => undefined);
    // The test-mode workbench reports through these two globals.
    await page.exposeFunction('codeAutomationLog', (type: string, args: unknown[]) => log(`[${type}] ${formatArgs(args)}`));
    await page.exposeFunction('codeAutomationExit', (code: number) => options.onExit?.(code));
    page.on('pageerror', (error) => log(`[pageerror] ${error.message}`));

    const extensionDevelopmentPath = options.extensionDevelopmentPath === null ? undefined : (options.extensionDevelopmentPath ?? repoRoot);
    await page.goto(host.url({ extensionDevelopmentPath, extensionTestsPath: options.extensionTestsPath }));
    const timeout = options.readyTimeoutMs ?? 90_000;
    await page
      .locator('.part.activitybar')
      .waitFor({ state: 'visible', timeout })
      .catch(() => {
        throw new Error(`test host: the VS Code workbench did not show its activity bar within ${timeout / 1000} s (${host.origin})`);
      });

    const activityBarItem = async (label: string): Promise<Locator> => {
      const item = page.locator(`.part.activitybar .action-item [aria-label^="${label}"], .part.activitybar .action-item[aria-label^="${label}"]`).first();
      await item.waitFor({ state: 'visible', timeout: 30_000 }).catch(() => {
        throw new Error(`test host: no activity-bar item labelled "${label}" within 30 s`);
      });
      return item;
    };

    return {
      page,
      browser,
      async clickActivityBar(label) {
        await (await activityBarItem(label)).click();
      },
      async showActivityBarView(label) {
        const item = await activityBarItem(label);
        // The item of the view container on show is marked `checked` (and aria-selected).
        const shown = await item.evaluate((el) => (el.closest('.action-item') ?? el).classList.contains('checked'));
        if (!shown) await item.click();
      },
      async runCommand(title) {
        const input = page.locator('.quick-input-widget input');
        const row = page.locator('.quick-input-widget .monaco-list-row', { hasText: title }).first();
        // A menu or widget left by an earlier step (a quick-fix list, a hover) can swallow F1, or
        // take the focus back and close the palette just after it opened: close what is open, and
        // go through open-and-type again when the palette does not stay.
        for (let attempt = 1; ; attempt++) {
          const last = attempt >= 3;
          try {
            await page.keyboard.press('Escape');
            await page.keyboard.press('Escape');
            // The click takes the keyboard out of a webview; it can land on a tab, whose delayed focus
            // would close the palette again, so it is only made on the first attempt and left to settle.
            if (attempt === 1) {
              await page.locator('.part.editor').click({ position: { x: 5, y: 5 } }).catch(() => undefined);
              await page.waitForTimeout(300);
            }
            await page.keyboard.press('F1');
            await input.waitFor({ state: 'visible', timeout: last ? 10_000 : 4_000 });
            await input.fill(`>${title}`, { timeout: last ? 10_000 : 4_000 });
            await row.waitFor({ state: 'visible', timeout: 10_000 });
            break;
          } catch (error) {
            if (last) throw new Error(`test host: could not run "${title}" from the command palette: ${String(error)}`);
          }
        }
        await input.press('Enter');
      },
      treeItem(label) {
        return page.locator(`.monaco-list-row[role="treeitem"][aria-label*="${label}"]`);
      },
      async webviewFrame(selector, timeoutMs = 30_000) {
        const deadline = Date.now() + timeoutMs;
        while (Date.now() < deadline) {
          for (const frame of page.frames()) {
            if (await frame.locator(selector).count().catch(() => 0)) return frame;
          }
          await page.waitForTimeout(250);
        }
        throw new Error(`test host: no frame contains "${selector}" within ${timeoutMs / 1000} s`);
      },
      async resize(size) {
        const root = page.locator('.monaco-workbench');
        const laidOut = async (): Promise<boolean> => {
          const box = await root.boundingBox();
          return box !== null && box.width === size.width && box.height === size.height;
        };
        for (let attempt = 1; attempt <= 4; attempt++) {
          // Again after a miss: one pixel off first, so that the page does see a change of size.
          if (attempt > 1) await page.setViewportSize({ width: size.width - 1, height: size.height });
          await page.setViewportSize(size);
          const deadline = Date.now() + 2_000;
          while (Date.now() < deadline) {
            if (await laidOut()) return;
            await page.waitForTimeout(50);
          }
        }
        const box = await root.boundingBox();
        throw new Error(`test host: the workbench stayed ${box?.width}x${box?.height} after the page was resized to ${size.width}x${size.height}`);
      },
      async screenshot(name) {
        fs.mkdirSync(screenshotsDir, { recursive: true });
        const file = path.join(screenshotsDir, `${slug(name)}.png`);
        await page.screenshot({ path: file });
        return file;
      },
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

/** The host sends console arguments unformatted (`'%s passing', 2`); format them as console.log would. */
function formatArgs(args: unknown[]): string {
  return format(...(Array.isArray(args) ? args : [args]));
}
