// `npm run bench [-- jest args]`: build what is stale, then run the benchmarks (jest project
// "bench", test/bench/**/*.bench.ts) one file at a time. Sizes come from BENCH_* variables,
// e.g. BENCH_DEALS=5000 for a quick check; see test/bench/board.bench.ts.
import { build, ensureNodeModules, log, ROOT, run } from './lib/setup.mjs';

ensureNodeModules();
if (process.env.BENCH_NO_BUILD !== '1') build();
log(`benchmark with ${process.env.BENCH_DEALS ?? 50_000} deals`);
try {
  run('npx', ['jest', '--ci', '--selectProjects', 'bench', '--runInBand', ...process.argv.slice(2)], {
    cwd: ROOT,
    env: { ...process.env, BENCH: '1' },
  });
} catch (err) {
  log(err.message);
  process.exit(1);
}
