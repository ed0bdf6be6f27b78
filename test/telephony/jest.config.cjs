// Telephony suite: real Kamailio, the real bridge, sipp and sip.js agents on test ports.
// Run from the repo root:  npx jest -c test/telephony/jest.config.cjs
const path = require('node:path');

const swc = [
  '@swc/jest',
  {
    jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
    module: { type: 'commonjs' },
  },
];

module.exports = {
  rootDir: path.resolve(__dirname, '../..'),
  roots: ['<rootDir>/test/telephony'],
  testMatch: ['**/*.spec.ts'],
  testEnvironment: 'node',
  transform: { '^.+\\.(t|j|mj)s$': swc },
  // sip.js ships ESM only: let swc turn it into CommonJS for jest
  transformIgnorePatterns: ['/node_modules/(?!sip\\.js/)'],
  globalSetup: '<rootDir>/test/telephony/global-setup.cjs',
  testTimeout: 60_000,
  maxWorkers: 2,
};
