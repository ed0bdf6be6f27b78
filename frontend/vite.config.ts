import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { formatjs } from './build/formatjs';
import { pureContracts } from './build/pure-contracts.ts';

const contracts = fileURLToPath(new URL('../contracts/src/index.ts', import.meta.url));
const src = fileURLToPath(new URL('./src', import.meta.url));
// messages are parsed at build time (build/formatjs.ts, scripts/i18n.mjs): the browser gets FormatJS without its parser
const noParser = createRequire(import.meta.url).resolve('@formatjs/icu-messageformat-parser/no-parser.js');

// The contracts package is built as CommonJS for node; the browser bundle consumes its TS source, its
// schemas marked pure (build/pure-contracts.ts) so that only those the browser uses ship.
export default defineConfig({
  plugins: [pureContracts(fileURLToPath(new URL('../contracts/src', import.meta.url))), formatjs(), react()],
  resolve: { alias: { '@callboard/contracts': contracts, '@': src, '@formatjs/icu-messageformat-parser': noParser } },
  server: {
    port: 5173,
    proxy: {
      '/api': { target: 'http://127.0.0.1:3000', changeOrigin: false },
      '/socket.io': { target: 'http://127.0.0.1:3000', ws: true },
    },
  },
  // Two chunks: the app (~200 kB gzip, zod included through the contracts) and the softphone dock with
  // sip.js (~62 kB gzip), loaded by React.lazy after the shell renders (docs/performance.md, Softphone).
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true, chunkSizeWarningLimit: 800 },
});
