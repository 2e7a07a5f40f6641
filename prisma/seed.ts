import path from 'node:path';
import { readAgencyFile } from '../client/files/agency-file';
import { upsertAgencies } from '../client/services/agency-store';
import { loadConfig } from '../config';
import { createDb, type Db } from '../config/connections';

export const SEED_FILE = path.join(__dirname, 'seed', 'agencies.yaml');

/** Loads prisma/seed/agencies.yaml (idempotent: an upsert by agency code). */
export async function seed(db: Db, file = SEED_FILE): Promise<string> {
  const { rows, errors } = readAgencyFile(file);
  if (errors.length > 0)
    throw new Error(errors.map((e) => `${file}:${e.line}: ${e.field}: ${e.message}`).join('\n'));
  const s = await upsertAgencies(
    db,
    rows.map((r) => r.agency),
  );
  return `seed: ${rows.length} agencies (${s.created} new, ${s.updated} updated, ${s.unchanged} unchanged), ${s.contacts} contacts`;
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
