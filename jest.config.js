// One jest run for the whole repository; each project is one kind of test.
const swc = ['@swc/jest', {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
    target: 'es2022',
  },
  module: { type: 'commonjs' },
}];

const base = {
  transform: { '^.+\\.(t|j)sx?$': swc },
  testEnvironment: 'node',
  moduleNameMapper: {
    '^@callboard/contracts$': '<rootDir>/contracts/src/index.ts',
    // the web app's own import alias
    '^@/(.*)$': '<rootDir>/frontend/src/$1',
  },
  rootDir: __dirname,
};

module.exports = {
  projects: [
    {
      ...base,
      displayName: 'unit',
      testMatch: ['<rootDir>/{contracts,backend,pbx-bridge,frontend}/src/**/*.spec.ts', '<rootDir>/scripts/**/*.spec.ts'],
      // FormatJS ships ESM only: let swc turn it into CommonJS for jest
      transformIgnorePatterns: ['/node_modules/(?!(@formatjs|intl-messageformat|react-intl)/)'],
    },
    {
      ...base,
      displayName: 'integration',
      testMatch: ['<rootDir>/backend/test/**/*.int-spec.ts'],
      slowTestThreshold: 30,
    },
    {
      ...base,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/e2e/**/*.e2e-spec.ts'],
      slowTestThreshold: 60,
    },
    {
      // Real Kamailio, the real bridge, sipp and sip.js agents on test ports (21000+).
      ...base,
      displayName: 'telephony',
      testMatch: ['<rootDir>/test/telephony/**/*.spec.ts'],
      // sip.js ships ESM only: let swc turn it into CommonJS for jest
      transformIgnorePatterns: ['/node_modules/(?!sip\\.js/)'],
      globalSetup: '<rootDir>/test/telephony/global-setup.cjs',
      slowTestThreshold: 30,
    },
    {
      // Headless Chromium softphones against the real backend, Kamailio, rtpengine and sipp (ports 23000+).
      ...base,
      displayName: 'softphone',
      testMatch: ['<rootDir>/test/softphone/**/*.e2e-spec.ts'],
      transformIgnorePatterns: ['/node_modules/(?!sip\\.js/)'],
      slowTestThreshold: 60,
    },
    {
      ...base,
      displayName: 'bench',
      testMatch: ['<rootDir>/test/bench/**/*.bench.ts'],
      // Benchmarks run only through `npm run bench` (which sets BENCH=1), never in `npm test`.
      // (An empty testMatch would not do: jest then treats every file as a test.)
      testPathIgnorePatterns: process.env.BENCH === '1' ? ['/node_modules/'] : ['.*'],
      // sip.js agents (call-to-card over ws vs wss): ESM only, as in the telephony project
      transformIgnorePatterns: ['/node_modules/(?!sip\\.js/)'],
    },
  ],
  testTimeout: 60_000,
};
