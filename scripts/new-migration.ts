import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

// `npm run db:new-migration -- <name>`: writes prisma/migrations/<timestamp>_<name>/migration.sql as the
// difference between the schema at the last migration (a snapshot kept beside the migrations) and
// prisma/schema.prisma. `prisma migrate dev` would need a shadow database and native engines.

const root = path.resolve(__dirname, '..');
const migrationsDir = path.join(root, 'prisma', 'migrations');
const snapshot = path.join(migrationsDir, 'schema.snapshot.prisma');
const schema = path.join(root, 'prisma', 'schema.prisma');

function main(): number {
  const name = process.argv[2];
  if (!name || !/^[a-z0-9_]+$/.test(name)) {
    console.error('usage: npm run db:new-migration -- <name>   (name: lower case letters, digits, _)');
    return 2;
  }
  const from = fs.existsSync(snapshot) ? ['--from-schema-datamodel', snapshot] : ['--from-empty'];
  const diff = spawnSync(
    process.execPath,
    [
      path.join(root, 'scripts', 'prisma.js'),
      'migrate',
      'diff',
      ...from,
      '--to-schema-datamodel',
      schema,
      '--script',
    ],
    { cwd: root, encoding: 'utf8' },
  );
  if (diff.status !== 0) {
    const output = diff.stderr || diff.stdout;
    // Prisma's migrate diff connects through the driver adapter even between two schema files.
    if (/Can't reach database server/.test(output)) {
      console.error('db:new-migration needs a running PostgreSQL: start `npm run dev` (or set DATABASE_URL)');
    } else console.error(output);
    return 1;
  }
  const sql = diff.stdout.trim();
  if (!sql || /^-- This is an empty migration\.?$/.test(sql)) {
    console.log('schema.prisma has not changed since the last migration: nothing written');
    return 0;
  }
  const stamp = new Date().toISOString().replace(/[-:T]/g, '').slice(0, 14);
  const dir = path.join(migrationsDir, `${stamp}_${name}`);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'migration.sql'), `${sql}\n`);
  fs.copyFileSync(schema, snapshot);
  if (!fs.existsSync(path.join(migrationsDir, 'migration_lock.toml'))) {
    fs.writeFileSync(path.join(migrationsDir, 'migration_lock.toml'), 'provider = "postgresql"\n');
  }
  console.log(`wrote ${path.relative(root, dir)}/migration.sql`);
  return 0;
}

process.exitCode = main();
