import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS as ARGS } from '../../e2e/browser';


export interface BrowserFigures {
  /** From pressing "Sign in" on a cold browser (empty cache) to every column rendered. */
  loginToBoardMs: number;
  /** Fresh navigations to /board with the session kept (warm HTTP cache), navigation start to every column rendered. */
  reloadMs: number[];
  /** Per reload: when the HTML's scripts had run (DOMContentLoaded) and when /api/board's answer had arrived. */
  domContentLoadedMs: number[];
  boardDataMs: number[];
  /** The last reload's requests: path, start and end in ms since navigation start. */
  waterfall: { path: string; start: number; end: number }[];
}

/**
 * True (as the page's performance.now(), i.e. ms since navigation start) once the board shows
 * every column with its first page of cards (or its empty state), as the user would see it.
 */
function boardRendered({ columns, page }: { columns: number; page: number }): number | false {
  const board = document.querySelector('[data-testid="board"]');
  if (!board) return false;
  const sections = board.querySelectorAll('section[data-testid^="column-"]');
  if (sections.length !== columns) return false;
  for (const section of Array.from(sections)) {
    const counter = section.querySelector('[data-testid^="column-count-"]');
    // data-count since issue 13 (the text is the count formatted for the locale); the text before
    const count = Number(counter?.getAttribute('data-count') ?? counter?.textContent ?? 'NaN');
    if (!Number.isFinite(count)) return false;
    // a folded column (closed stages, issue 13) is drawn once its header shows the count
    if (section.getAttribute('data-collapsed') === 'true') continue;
    const cards = section.querySelectorAll('[data-testid^="deal-card-"]').length;
    if (cards < Math.min(count, page)) return false;
  }
  return performance.now();
}

async function waitForBoard(page: Page, columns: number, pageSize: number): Promise<number> {
  const handle = await page.waitForFunction(boardRendered, { columns, page: pageSize }, { polling: 'raf', timeout: 30_000 });
  return (await handle.jsonValue()) as number;
}

/** Signs in on the real web app in headless Chromium and times the board until it is fully drawn. */
export async function measureBoardInBrowser(
  baseUrl: string,
  user: { email: string; password: string },
  opts: { columns: number; pageSize: number; reloads: number },
): Promise<BrowserFigures> {
  const profile = mkdtempSync(join(tmpdir(), 'callboard-bench-chromium-'));
  let context: BrowserContext | null = null;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: ARGS,
      viewport: { width: 1600, height: 900 },
    });
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(`${baseUrl}/login`);
    await page.getByTestId('login-email').fill(user.email);
    await page.getByTestId('login-password').fill(user.password);
    // The login is an in-app navigation: time it from the click, with the page's own clock.
    const clickedAt = await page.evaluate(() => performance.now());
    await page.getByTestId('login-submit').click();
    const loginToBoardMs = (await waitForBoard(page, opts.columns, opts.pageSize)) - clickedAt;
    const reloadMs: number[] = [];
    const domContentLoadedMs: number[] = [];
    const boardDataMs: number[] = [];
    for (let i = 0; i < opts.reloads; i++) {
      await page.goto(`${baseUrl}/board`, { waitUntil: 'commit' });
      reloadMs.push(await waitForBoard(page, opts.columns, opts.pageSize));
      const marks = await page.evaluate(() => ({
        dcl: (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined)?.domContentLoadedEventEnd ?? NaN,
        board: (performance.getEntriesByType('resource') as PerformanceResourceTiming[]).find((e) => e.name.includes('/api/board'))?.responseEnd ?? NaN,
      }));
      domContentLoadedMs.push(marks.dcl);
      boardDataMs.push(marks.board);
    }
    const waterfall = await page.evaluate(() =>
      (performance.getEntriesByType('resource') as PerformanceResourceTiming[]).map((e) => ({
        path: new URL(e.name).pathname,
        start: Math.round(e.startTime),
        end: Math.round(e.responseEnd),
      })),
    );
    return { loginToBoardMs, reloadMs, domContentLoadedMs, boardDataMs, waterfall };
  } finally {
    await context?.close();
    rmSync(profile, { recursive: true, force: true });
  }
}
