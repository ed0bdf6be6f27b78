import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const contracts = fileURLToPath(new URL('../contracts/src/index.ts', import.meta.url));
const src = fileURLToPath(new URL('./src', import.meta.url));

// The contracts package is built as CommonJS for node; the browser bundle consumes its TS source.
export default defineConfig({
  plugins: [react()],
  resolve: { alias: { '@callboard/contracts': contracts, '@': src } },
  server: {
    port: 5173,
    proxy: {
      '/api': { target: 'http://127.0.0.1:3000', changeOrigin: false },
      '/socket.io': { target: 'http://127.0.0.1:3000', ws: true },
    },
  },
  // One bundle (~185 kB gzip, zod included through the contracts) is fine for this app.
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true, chunkSizeWarningLimit: 800 },
});
