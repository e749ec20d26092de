// Jest config for mutation testing (stryker.config.mjs): the unit specs under src/ only. They need
// no database, so none of the DB global setup of jest.config.js runs here.
const base = require('./jest.config.js');

/** @type {import('jest').Config} */
module.exports = {
  rootDir: __dirname,
  testEnvironment: 'node',
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/.stryker-tmp/'],
  modulePathIgnorePatterns: ['<rootDir>/.stryker-tmp/'],
  transform: base.transform,
  transformIgnorePatterns: base.transformIgnorePatterns,
  moduleFileExtensions: base.moduleFileExtensions,
  setupFiles: base.setupFiles,
  testTimeout: 10000,
};
