// The container images' build steps (Dockerfile): the same installer and build `npm test` runs
// (scripts/lib/setup.mjs), so an image is built the way every test run builds the checkout.
//   node scripts/image.mjs deps                 npm dependencies (`npm ci`, exactly the lock)
//   node scripts/image.mjs build                every workspace (contracts, backend, pbx-bridge, frontend)
//   node scripts/image.mjs packages sip-server  Kamailio and rtpengine from Debian's packages
// Only Node's standard library here: `deps` runs before node_modules exists.
import { build, ensureDebianPackages, ensureNodeModules, log, SIP_SERVER_PACKAGES } from './lib/setup.mjs';

const PACKAGE_GROUPS = { 'sip-server': SIP_SERVER_PACKAGES };
const USAGE = `usage: node scripts/image.mjs deps | build | packages <${Object.keys(PACKAGE_GROUPS).join('|')}>`;

const [step, group] = process.argv.slice(2);
if (step === 'deps') {
  ensureNodeModules();
} else if (step === 'build') {
  build({ force: true });
} else if (step === 'packages' && Object.hasOwn(PACKAGE_GROUPS, group)) {
  // an image build runs as root; the installer never throws, so what it left missing fails the step
  const result = ensureDebianPackages({ packages: PACKAGE_GROUPS[group], root: true });
  if (result.missing.length) {
    log(`not installed: ${result.missing.join(' ')}`);
    process.exit(1);
  }
} else {
  process.stderr.write(`${USAGE}\n`);
  process.exit(2);
}
