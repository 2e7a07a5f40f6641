import path from 'node:path';
import { importAgencyFile } from '../client/services/agencies';
import { ServiceError } from '../client/services/errors';
import { loadConfig } from '../config';
import { createDb, type Db } from '../config/connections';

// Today's province (since 1/7/2025), then the units of the former Đồng Tháp that ended on
// 30/6/2025, then who succeeded whom: see the comments at the top of each file.
export const SEED_FILES = ['agencies-2025.yaml', 'agencies-2022.yaml', 'changes-2025.yaml'].map((f) =>
  path.join(__dirname, 'seed', f),
);

/** Loads the seed files in order (idempotent: units are upserted by code, each change recorded once). */
export async function seed(db: Db, files = SEED_FILES): Promise<string> {
  const total = { agencies: 0, created: 0, updated: 0, unchanged: 0, contacts: 0, changes: 0, applied: 0 };
  for (const file of files) {
    let r;
    try {
      r = await importAgencyFile(db, file);
    } catch (err) {
      if (err instanceof ServiceError) throw new Error([...err.details, err.message].join('\n'));
      throw err;
    }
    total.agencies += r.agencies;
    total.created += r.created;
    total.updated += r.updated;
    total.unchanged += r.unchanged;
    total.contacts += r.contacts;
    total.changes += r.changes.length;
    total.applied += r.changes.filter((c) => c.status === 'applied').length;
  }
  return (
    `seed: ${total.agencies} agencies (${total.created} new, ${total.updated} updated, ${total.unchanged} unchanged), ` +
    `${total.contacts} contacts, ${total.changes} unit changes (${total.applied} new)`
  );
}

if (require.main === module) {
  const db = createDb(loadConfig().databaseUrl);
  seed(db)
    .then((summary) => console.log(summary))
    .catch((err: unknown) => {
      console.error((err as Error).message);
      process.exitCode = 1;
    })
    .finally(() => db.$disconnect());
}
