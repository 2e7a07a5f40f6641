#!/usr/bin/env node
// Runs the Prisma CLI without native engine downloads: placeholder engine paths stop the
// download, and the WebAssembly engines with the pg driver adapter (prisma.config.ts) do the work.
// `prisma migrate dev` needs a shadow database and the native engine, so it is not used: new
// migrations are written with `migrate diff` (npm run db:new-migration).
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const placeholderDir = path.join(root, '.tools', 'prisma-placeholders');
fs.mkdirSync(placeholderDir, { recursive: true });
const schemaEngine = path.join(placeholderDir, 'schema-engine');
const queryEngine = path.join(placeholderDir, 'libquery_engine.so.node');
for (const file of [schemaEngine, queryEngine]) if (!fs.existsSync(file)) fs.writeFileSync(file, '');

const result = spawnSync(
  process.execPath,
  [require.resolve('prisma/build/index.js'), ...process.argv.slice(2)],
  {
    cwd: root,
    stdio: 'inherit',
    env: {
      ...process.env,
      PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY || schemaEngine,
      PRISMA_QUERY_ENGINE_LIBRARY: process.env.PRISMA_QUERY_ENGINE_LIBRARY || queryEngine,
      DATABASE_URL: process.env.DATABASE_URL || require('../config/defaults.json').embeddedDatabaseUrl,
      PRISMA_HIDE_UPDATE_MESSAGE: '1',
      CHECKPOINT_DISABLE: '1',
    },
  },
);
process.exit(result.status ?? 1);
