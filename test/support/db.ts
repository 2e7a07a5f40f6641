import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createDb, type Db } from '../../config/connections';

/** A database of its own for one test file, copied from the migrated template (fast). */
export async function freshDatabase(): Promise<{ url: string; db: Db; drop: () => Promise<void> }> {
  const templateUrl = process.env.CCHC_TEST_TEMPLATE_DB_URL;
  if (!templateUrl)
    throw new Error('CCHC_TEST_TEMPLATE_DB_URL is not set: run through the integration project');
  const name = `cchc_t_${randomBytes(4).toString('hex')}`;
  const adminUrl = templateUrl.replace(/\/cchc_template(\?|$)/, '/postgres$1');
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name} TEMPLATE cchc_template`);
  } finally {
    await admin.end();
  }
  const url = templateUrl.replace(/\/cchc_template(\?|$)/, `/${name}$1`);
  const db = createDb(url);
  return {
    url,
    db,
    drop: async () => {
      await db.$disconnect();
      const a = new pg.Client({ connectionString: adminUrl });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).finally(() => a.end());
    },
  };
}
