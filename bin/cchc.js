#!/usr/bin/env node
// Runs the TypeScript CLI directly (tsx), so `npx cchc` works right after `npm ci` without a build.
require('tsx/cjs');
require('../client/cli/index.ts')
  .main(process.argv)
  .then((code) => process.exit(code));
