/** @type {import('jest').Config} */
// `npm run test:chaos`: the chaos suite (test/chaos/*.chaos.ts) against the built service
// (dist/, built by the npm script first), one file at a time. Not part of `npm test`.
const base = require('./jest.config');

module.exports = {
  ...base,
  testMatch: ['<rootDir>/test/chaos/**/*.chaos.ts'],
  testTimeout: 180000,
  maxWorkers: 1,
};
