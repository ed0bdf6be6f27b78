// Unit specs of the bridge (beside the code). Run from the repo root:
//   npx jest -c pbx-bridge/jest.config.cjs
const path = require('node:path');

module.exports = {
  rootDir: path.resolve(__dirname),
  roots: ['<rootDir>/src'],
  testMatch: ['**/*.spec.ts'],
  testEnvironment: 'node',
  transform: {
    '^.+\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } }],
  },
};
