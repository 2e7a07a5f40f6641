// Three kinds of tests: unit (pure, fast), workflow (time-skipping test server) and integration
// (real Temporal dev server, PostgreSQL, SMTP server), each a Jest project.
const transform = {
  '^.+\\.ts$': [
    '@swc/jest',
    { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } },
  ],
};
const common = { testEnvironment: 'node', transform, moduleFileExtensions: ['ts', 'js', 'json'] };
const quiet = ['<rootDir>/test/support/quiet-runtime.ts'];

module.exports = {
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/test/unit/**/*.test.ts'] },
    {
      ...common,
      displayName: 'workflow',
      testMatch: ['<rootDir>/test/workflow/**/*.test.ts'],
      globalSetup: '<rootDir>/test/setup/workflow-global.ts',
      setupFiles: quiet,
    },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/test/integration/**/*.test.ts'],
      globalSetup: '<rootDir>/test/setup/integration-global.ts',
      setupFiles: quiet,
      globalTeardown: '<rootDir>/test/setup/integration-teardown.ts',
    },
  ],
  testTimeout: 120_000,
  reporters: ['default', '<rootDir>/test/support/summary-reporter.js'],
};
