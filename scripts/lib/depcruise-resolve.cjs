// The import aliases of the apps, for dependency-cruiser (which cannot read tsconfig paths without
// the TypeScript compiler API that TypeScript 7 does not ship).
const path = require('node:path');
const root = path.join(__dirname, '..', '..');

module.exports = {
  resolve: {
    alias: {
      '@': path.join(root, 'frontend/src'),
      '@callboard/contracts$': path.join(root, 'contracts/src/index.ts'),
    },
  },
};
