// `npm run bench [-- jest args]`: build what is stale, then run the benchmarks (jest project
// "bench", test/bench/**/*.bench.ts) one file at a time. Sizes come from BENCH_* variables,
// e.g. BENCH_DEALS=5000 for a quick check; see test/bench/board.bench.ts.
import { build, ensureNodeModules, log, ROOT, run } from './lib/setup.mjs';

ensureNodeModules();
if (process.env.BENCH_NO_BUILD !== '1') build();
log(`benchmark with ${process.env.BENCH_DEALS ?? 50_000} deals`);
// call-to-card.bench.ts (issue 3) needs Kamailio and sipp (installed by `npm start` or `npm test` as root); sizes:
// BENCH_CALLS (200) at BENCH_CALL_RATE (20/s), BENCH_BURST_CALLS (1000) at BENCH_BURST_RATE (50/s)
log(`call to card: ${process.env.BENCH_CALLS ?? 200} calls at ${process.env.BENCH_CALL_RATE ?? 20}/s, burst ${process.env.BENCH_BURST_CALLS ?? 1000} at ${process.env.BENCH_BURST_RATE ?? 50}/s`);
// softphone.bench.ts (issue 4) needs Kamailio, rtpengine, sipp and Chromium; BENCH_SOFTPHONE_CALLS (30)
log(`softphone: ${process.env.BENCH_SOFTPHONE_CALLS ?? 30} trunk calls answered in Chromium`);
try {
  run('npx', ['jest', '--ci', '--selectProjects', 'bench', '--runInBand', ...process.argv.slice(2)], {
    cwd: ROOT,
    env: { ...process.env, BENCH: '1' },
  });
} catch (err) {
  log(err.message);
  process.exit(1);
}
