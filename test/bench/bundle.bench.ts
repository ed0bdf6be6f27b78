// Issue 13's figure: the first page's bundle ≤ 250 kB gzip. Real Chromium opens the sign-in page,
// signs in and waits for the board; every script and stylesheet it fetched is gzipped (level 9,
// as a server or CDN would send it) and summed, split into what the board needs to draw and the
// softphone dock, which the shell loads lazily after the board is on screen.
// Run with `BENCH=1 npx jest test/bench/bundle.bench.ts --ci --selectProjects bench --runInBand`.
// Issue 15: BENCH_LANGUAGE=he (any of the five) signs the Seller in with that language of her own,
// so its catalogue chunk is counted; BENCH_FRONTEND_DIST=<dir> serves another build (e.g. one
// made before the languages, to measure what they add).
import { gzipSync } from 'node:zlib';
import { Api } from '../support/api';
import { startBackend, type StartedBackend } from '../support/backend';
import { launchBrowser, signedInPage, type TestBrowser } from '../e2e/browser';

const TARGET_KB = 250;

let backend: StartedBackend;
let chromium: TestBrowser;

beforeAll(async () => {
  const env: Record<string, string> = { LOG_LEVEL: 'warn', ...(process.env.BENCH_FRONTEND_DIST ? { FRONTEND_DIST: process.env.BENCH_FRONTEND_DIST } : {}) };
  [backend, chromium] = await Promise.all([startBackend({ seed: 'demo', env }), launchBrowser()]);
  const language = process.env.BENCH_LANGUAGE;
  if (language) {
    const alice = (await new Api(backend.url).login('alice@example.com')).api;
    const res = await alice.request('PUT', '/api/auth/language', { language });
    if (res.status !== 200) throw new Error(`language ${language}: ${res.status}`);
  }
}, 120_000);

afterAll(async () => {
  await chromium?.close();
  await backend?.destroy();
});

describe('the first page’s bundle (issue 13)', () => {
  it(`should load the sign-in page and the board with ≤ ${TARGET_KB} kB gzip of scripts and styles`, async () => {
    const errors: string[] = [];
    const board = await signedInPage(chromium, backend.url, 'alice@example.com', errors);
    await board.waitForLoadState('networkidle');
    const resources = await board.evaluate(() =>
      performance.getEntriesByType('resource').map((e) => (e as PerformanceResourceTiming).name).filter((n) => /\.(js|css)$/.test(new URL(n).pathname)),
    );
    const sizes = await Promise.all(
      [...new Set(resources)].map(async (href) => {
        const body = await (await fetch(href)).arrayBuffer();
        return { name: new URL(href).pathname.replace(/^\/assets\//, ''), raw: body.byteLength, gzip: gzipSync(Buffer.from(body), { level: 9 }).length };
      }),
    );
    const kb = (n: number) => n / 1000;
    // after the first paint: the softphone dock, and the rest of a language's words (issue 15)
    const later = (name: string) => name.startsWith('softphone-dock') || /\.rest-/.test(name);
    const dock = sizes.filter((s) => later(s.name));
    const first = sizes.filter((s) => !later(s.name));
    const sum = (list: typeof sizes, key: 'raw' | 'gzip') => list.reduce((a, s) => a + s[key], 0);
    process.stdout.write(
      `\nFirst page (sign-in → board as a Seller${process.env.BENCH_LANGUAGE ? `, in ${process.env.BENCH_LANGUAGE}` : ''}${process.env.BENCH_FRONTEND_DIST ? `, build ${process.env.BENCH_FRONTEND_DIST}` : ''}), ${new Date().toISOString()}:\n` +
        first.sort((a, b) => b.gzip - a.gzip).map((s) => `  ${s.name}: ${kb(s.raw).toFixed(1)} kB, gzip ${kb(s.gzip).toFixed(1)} kB`).join('\n') +
        `\n  total to draw the board: ${kb(sum(first, 'raw')).toFixed(1)} kB, gzip **${kb(sum(first, 'gzip')).toFixed(1)} kB** (target ≤ ${TARGET_KB})` +
        `\n  then, after the first paint (the softphone dock; a language's other words): gzip ${kb(sum(dock, 'gzip')).toFixed(1)} kB in ${dock.length} file(s): ${dock.map((d) => `${d.name} ${kb(d.gzip).toFixed(1)}`).join(', ')}\n`,
    );
    expect(errors).toEqual([]);
    expect(first.length).toBeGreaterThan(0);
    expect(kb(sum(first, 'gzip'))).toBeLessThanOrEqual(TARGET_KB);
  }, 120_000);
});
