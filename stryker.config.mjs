// Mutation testing of the pure logic (README "Mutation testing"): `npm run test:mutation`.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'jest',
  jest: { configFile: 'jest.stryker.config.js', enableFindRelatedTests: true },
  coverageAnalysis: 'perTest',
  mutate: [
    // state machines
    'src/modules/linkups/lifecycle/linkup-state.ts',
    'src/modules/profile/profile-state.ts',
    'src/modules/billing/account/billing-state.ts',
    'src/modules/billing/subscriptions/subscription-state.ts',
    // scores
    'src/modules/linkups/matching/scores.ts',
    'src/modules/linkups/matching/filters.ts',
    // parsers
    'src/modules/linkups/forming/brief-parser.ts',
    'src/modules/linkups/forming/event-time.ts',
    'src/modules/linkups/lifecycle/replies.ts',
    'src/common/text/yes-no.ts',
    // keyword routing
    'src/modules/conversation/router/global-keywords.ts',
    // segment counting
    'src/modules/conversation/outbound/sms-segments.ts',
    // shape validators
    'src/common/json-shapes/*.shape.ts',
    'src/common/json-shapes/shape-utils.ts',
  ],
  // Module-level constants (word lists, alphabets, regexes) are "static" mutants: each needs every
  // spec that imports the module reloaded, 82 % of the run time for 18 % of the mutants. They are
  // left out (README "Mutation testing" counts them per file); the behaviour they carry is pinned
  // by the table-driven specs.
  ignoreStatic: true,
  // A busy machine makes a jest run slow; 5 s would count slow runs as (detected) timeouts.
  timeoutMS: 15000,
  concurrency: 2,
  incremental: true,
  incrementalFile: 'reports/stryker-incremental.json',
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  thresholds: { high: 90, low: 80, break: 80 },
  tempDirName: '.stryker-tmp',
  cleanTempDir: true,
};
