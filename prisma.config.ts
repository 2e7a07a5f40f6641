import { PrismaPg } from '@prisma/adapter-pg';
import { defineConfig } from 'prisma/config';
import defaults from './config/defaults.json';

// The migration engine runs as WebAssembly through the pg driver adapter: no native engine needed.
export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  adapter: async () =>
    new PrismaPg({ connectionString: process.env.DATABASE_URL || defaults.embeddedDatabaseUrl }),
});
