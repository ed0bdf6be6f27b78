// Issue 15's figure: switching language in the browser ≤ 300 ms. Real Chromium, a Seller on her
// account page picks each language in turn in the language menu; measured in the page from the
// choice (the select's change event) to the first frame painted after the page shows the new
// language (document lang set and the page's heading rewritten). The first time a language is
// chosen its catalogue chunk is fetched ("cold"); later switches find it cached ("warm"). The
// choice is also saved to the server behind it; the page does not wait for that.
// Run with `BENCH=1 npx jest test/bench/language-switch.bench.ts --ci --selectProjects bench --runInBand`.
import { startBackend, type StartedBackend } from '../support/backend';
import { launchBrowser, signedInPage, type TestBrowser } from '../e2e/browser';
import { percentile } from './support/stats';
import { envInt } from './support/env';

const TARGET_MS = 300;
const ROUNDS = envInt('BENCH_LANGUAGE_ROUNDS', 10);
const ORDER = ['hu', 'id', 'ro', 'he', 'en'];

let backend: StartedBackend;
let chromium: TestBrowser;

beforeAll(async () => {
  [backend, chromium] = await Promise.all([startBackend({ seed: 'demo', env: { LOG_LEVEL: 'warn' } }), launchBrowser()]);
}, 120_000);

afterAll(async () => {
  await chromium?.close();
  await backend?.destroy();
});

describe('switching language (issue 15)', () => {
  it(`should show the page in the chosen language within ${TARGET_MS} ms`, async () => {
    const errors: string[] = [];
    const page = await signedInPage(chromium, backend.url, 'alice@example.com', errors);
    await page.getByTestId('nav-account').click();
    await page.getByTestId('language-picker').waitFor();
    await page.waitForLoadState('networkidle');

    const switchTo = (language: string) =>
      page.evaluate(async (lang) => {
        const heading = () => document.querySelector('h1')?.textContent ?? '';
        const before = heading();
        const select = document.querySelector<HTMLSelectElement>('[data-testid="language-picker"]')!;
        const t0 = performance.now();
        Object.getOwnPropertyDescriptor(HTMLSelectElement.prototype, 'value')!.set!.call(select, lang);
        select.dispatchEvent(new Event('change', { bubbles: true }));
        await new Promise<void>((done) => {
          const check = () => {
            const h = heading();
            if (document.documentElement.lang === lang && h && h !== before) done();
            else requestAnimationFrame(check);
          };
          check();
        });
        // the frame that shows it
        await new Promise((r) => requestAnimationFrame(() => r(null)));
        return performance.now() - t0;
      }, language);

    const cold: Array<{ language: string; ms: number }> = [];
    const warm: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      for (const language of ORDER) {
        const ms = await switchTo(language);
        if (round === 0) cold.push({ language, ms });
        else warm.push(ms);
        // the save behind it (PUT /api/auth/language) settles before the next choice
        await page.waitForLoadState('networkidle');
      }
    }
    const w = { p50: percentile(warm, 50), p95: percentile(warm, 95), max: Math.max(...warm) };
    process.stdout.write(
      `\nLanguage switch on the account page, ${new Date().toISOString()} (${ROUNDS} rounds of ${ORDER.join(' → ')}):\n` +
        cold.map((c) => `  first switch to ${c.language}${c.language === 'en' ? '' : ' (its chunk fetched)'}: ${c.ms.toFixed(1)} ms`).join('\n') +
        `\n  warm (${warm.length} switches): p50 ${w.p50.toFixed(1)} ms, p95 ${w.p95.toFixed(1)} ms, max ${w.max.toFixed(1)} ms (target ≤ ${TARGET_MS})\n`,
    );
    expect(errors).toEqual([]);
    expect(Math.max(...cold.map((c) => c.ms))).toBeLessThanOrEqual(TARGET_MS);
    expect(w.p95).toBeLessThanOrEqual(TARGET_MS);
  }, 300_000);
});
