import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startEmbeddedPostgres } from '../../scripts/lib/postgres';
import { freePort } from '../../scripts/lib/ports';
import { startTemporalDevServer } from '../../scripts/lib/temporal-dev';
import { projectRoot } from '../../scripts/lib/tools';

// Real servers for the integration tests, started once: PostgreSQL (embedded unless DATABASE_URL is
// set) with the migrations applied to a template database, and the Temporal CLI dev server.
export default async function setup(): Promise<void> {
  const infra: { stop: (() => Promise<void>)[]; dir: string } = {
    stop: [],
    dir: fs.mkdtempSync(path.join(os.tmpdir(), 'cchc-it-')),
  };
  (globalThis as Record<string, unknown>).__CCHC_INFRA__ = infra;

  let adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) {
    const pg = await startEmbeddedPostgres({
      dataDir: path.join(infra.dir, 'pg'),
      port: await freePort(),
      database: 'cchc_template',
      persistent: false,
    });
    infra.stop.push(() => pg.stop());
    adminUrl = pg.url;
  }
  const templateUrl = adminUrl.replace(/\/[^/?]+(\?|$)/, '/cchc_template$1');
  const migrated = spawnSync(
    process.execPath,
    [path.join(projectRoot, 'scripts', 'prisma.js'), 'migrate', 'deploy'],
    {
      env: { ...process.env, DATABASE_URL: templateUrl },
      encoding: 'utf8',
    },
  );
  if (migrated.status !== 0)
    throw new Error(`migrate deploy failed:\n${migrated.stdout}\n${migrated.stderr}`);
  process.env.CCHC_TEST_TEMPLATE_DB_URL = templateUrl;

  const temporal = await startTemporalDevServer({});
  infra.stop.push(() => temporal.teardown());
  process.env.TEMPORAL_ADDRESS = temporal.connection.options.address;
  process.env.TEMPORAL_NAMESPACE = 'default';
}
