// Import rules that keep the seams between modules (run by `npm test`: test/architecture/).
// Parsed with swc: typescript-eslint and dependency-cruiser's tsc parser need the TypeScript
// compiler API, which TypeScript 7 does not ship.
const path = require('node:path');

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-foreign-repository',
      comment: "A backend module reaches another module through its service, never its repository (STYLE.md habit 1-2).",
      severity: 'error',
      from: { path: '^backend/src/modules/([^/]+)/' },
      to: { path: '^backend/src/modules/[^/]+/[^/]*\\.repository\\.ts$', pathNot: '^backend/src/modules/$1/' },
    },
    {
      name: 'no-foreign-internals',
      comment: "A backend module uses another module's service, module, exception or exported types file only (a spec of the seam between two modules may read both sides).",
      severity: 'error',
      from: { path: '^backend/src/modules/([^/]+)/', pathNot: '\\.spec\\.ts$' },
      to: {
        path: '^backend/src/modules/[^/]+/',
        pathNot: ['^backend/src/modules/$1/', '\\.(service|module|exception|types|repository)\\.ts$'],
      },
    },
    {
      name: 'no-feature-internals',
      comment: "A frontend feature reaches another feature only through its index.ts.",
      severity: 'error',
      from: { path: '^frontend/src/features/([^/]+)/' },
      to: { path: '^frontend/src/features/[^/]+/', pathNot: ['^frontend/src/features/$1/', '^frontend/src/features/[^/]+/index\\.tsx?$'] },
    },
    {
      name: 'ui-never-imports-features',
      comment: 'components/ui are primitives (STYLE.md layout).',
      severity: 'error',
      from: { path: '^frontend/src/components/' },
      to: { path: '^frontend/src/features/' },
    },
    {
      name: 'common-is-platform-only',
      comment: 'backend/src/common is the platform; it never depends on a domain module.',
      severity: 'error',
      from: { path: '^backend/src/common/' },
      to: { path: '^backend/src/modules/' },
    },
    {
      name: 'contracts-framework-free',
      comment: 'contracts is zod schemas and types shared by all apps.',
      severity: 'error',
      from: { path: '^contracts/src/' },
      to: { path: '^(backend|frontend|pbx-bridge)/' },
    },
    {
      name: 'sipjs-only-in-softphone-sip',
      comment: 'Only features/softphone/sip/ imports sip.js (STYLE.md habit 10).',
      severity: 'error',
      from: { path: '^frontend/src/', pathNot: '^frontend/src/features/softphone/sip/' },
      to: { path: 'node_modules/sip\\.js/' },
    },
    {
      name: 'typeorm-only-in-repositories',
      comment: 'Controllers translate, services decide, repositories query (STYLE.md habit 2).',
      severity: 'error',
      from: {
        path: '^backend/src/modules/',
        pathNot: ['\\.repository\\.ts$', '\\.entity\\.ts$', '\\.module\\.ts$', '\\.spec\\.ts$'],
      },
      to: { path: 'node_modules/typeorm/' },
    },
  ],
  options: {
    parser: 'swc',
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(dist|node_modules)/' },
    tsPreCompilationDeps: true,
    // only for its resolve.alias (the frontend's '@/'): there is no webpack here
    webpackConfig: { fileName: path.join(__dirname, 'scripts/lib/depcruise-resolve.cjs') },
    enhancedResolveOptions: {
      extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.json'],
      conditionNames: ['import', 'require', 'node', 'default'],
    },
  },
};
