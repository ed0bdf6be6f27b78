// Builds what the suite runs for real: the contracts and the bridge (pbx-bridge/dist).
const { execSync } = require('node:child_process');
const path = require('node:path');

module.exports = async () => {
  const root = path.resolve(__dirname, '../..');
  execSync('npm run build -w contracts && npm run build -w pbx-bridge', { cwd: root, stdio: 'pipe' });
};
