// Builds what the suite runs for real: the bridge (pbx-bridge/dist), and the contracts when
// their dist is missing.
const { execSync } = require('node:child_process');
const { existsSync } = require('node:fs');
const path = require('node:path');

module.exports = async () => {
  const root = path.resolve(__dirname, '../..');
  if (!existsSync(path.join(root, 'contracts/dist/index.js'))) {
    execSync('npm run build -w contracts', { cwd: root, stdio: 'pipe' });
  }
  try {
    execSync('npm run build -w pbx-bridge', { cwd: root, stdio: 'pipe' });
  } catch (e) {
    throw new Error(`pbx-bridge build failed:\n${e.stdout ?? ''}${e.stderr ?? ''}`);
  }
};
