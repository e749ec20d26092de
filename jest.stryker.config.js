// Jest config for mutation testing (stryker.config.mjs): unit specs under src/ only. They need no
// database, so none of the DB global setup of jest.config.js runs here.
const base = require('./jest.config.js');

/** @type {import('jest').Config} */
module.exports = {
  rootDir: __dirname,
  testEnvironment: 'node',
  // The specs of the mutated files (stryker.config.mjs `mutate`): each mutant runs the tests among
  // these that cover it. All 52 spec files would make every run load dozens of unrelated ones.
  testMatch: [
    '<rootDir>/src/modules/linkups/lifecycle/{linkup-state,replies}.spec.ts',
    '<rootDir>/src/modules/profile/profile-state.spec.ts',
    '<rootDir>/src/modules/billing/{account/billing-state,subscriptions/subscription-state}.spec.ts',
    '<rootDir>/src/modules/linkups/matching/{scores,filters}.spec.ts',
    '<rootDir>/src/modules/linkups/forming/{brief-parser,event-time}.spec.ts',
    '<rootDir>/src/common/text/yes-no.spec.ts',
    '<rootDir>/src/modules/conversation/router/global-keywords.spec.ts',
    '<rootDir>/src/modules/conversation/outbound/sms-segments.spec.ts',
    '<rootDir>/src/common/json-shapes/*.spec.ts',
  ],
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/.stryker-tmp'],
  modulePathIgnorePatterns: ['<rootDir>/.stryker-tmp'],
  transform: base.transform,
  transformIgnorePatterns: base.transformIgnorePatterns,
  moduleFileExtensions: base.moduleFileExtensions,
  setupFiles: base.setupFiles,
  testTimeout: 10000,
};
