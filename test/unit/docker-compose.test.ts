import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { ALL_SEARCH_ATTRIBUTES } from '../../domain/search-attributes';
import { loadConfig } from '../../config';

// docker-compose.yml cannot be started here (no Docker engine): check that it is consistent with the
// configuration schema and with itself.
const root = path.resolve(__dirname, '..', '..');
const raw = fs.readFileSync(path.join(root, 'docker-compose.yml'), 'utf8');
// Compose's own interpolation of ${VAR:-default}, with nothing set.
const interpolated = raw.replace(
  /\$\{([A-Z_]+):-([^}]*)\}/g,
  (_m, _name: string, fallback: string) => fallback,
);

interface Service {
  image?: string;
  build?: unknown;
  environment?: Record<string, string>;
  ports?: string[];
  depends_on?: Record<string, unknown> | string[];
  command?: string | string[];
}
const compose = parse(interpolated, { merge: true }) as { services: Record<string, Service> };
const services = compose.services;
const workerEnv = services.worker!.environment!;

describe('docker-compose.yml', () => {
  it('has the production pieces', () => {
    expect(Object.keys(services).sort()).toEqual(
      ['mailpit', 'migrate', 'postgresql', 'temporal', 'temporal-setup', 'temporal-ui', 'worker'].sort(),
    );
    expect(services.worker!.build).toBe('.');
    expect(fs.existsSync(path.join(root, 'Dockerfile'))).toBe(true);
  });

  it('gives the worker an environment that the config schema accepts, with nothing left to defaults that only fit a laptop', () => {
    const config = loadConfig(workerEnv);
    for (const variable of [
      'TEMPORAL_ADDRESS',
      'DATABASE_URL',
      'SMTP_HOST',
      'SMTP_PORT',
      'TEMPORAL_TASK_QUEUE',
      'TEMPORAL_NAMESPACE',
    ]) {
      expect(workerEnv[variable]).toBeDefined();
    }
    expect(config.databaseUrl).not.toContain('127.0.0.1');
    expect(config.temporal.address).not.toContain('127.0.0.1');
  });

  it('points the worker at services that exist, on the ports they listen on', () => {
    const [temporalHost, temporalPort] = workerEnv.TEMPORAL_ADDRESS!.split(':');
    expect(services[temporalHost!]).toBeDefined();
    expect(services[temporalHost!]!.ports).toContain(`${temporalPort}:${temporalPort}`);
    expect(services['temporal-ui']!.environment!.TEMPORAL_ADDRESS).toBe(workerEnv.TEMPORAL_ADDRESS);
    expect(services['temporal-setup']!.environment!.TEMPORAL_ADDRESS).toBe(workerEnv.TEMPORAL_ADDRESS);

    const db = new URL(workerEnv.DATABASE_URL!);
    const pg = services[db.hostname]!;
    expect(pg.image).toMatch(/^postgres:/);
    expect(db.port).toBe('5432');
    expect(decodeURIComponent(db.username)).toBe(pg.environment!.POSTGRES_USER);
    expect(decodeURIComponent(db.password)).toBe(pg.environment!.POSTGRES_PASSWORD);
    expect(db.pathname.slice(1)).toBe(pg.environment!.POSTGRES_DB);

    const temporalEnv = services.temporal!.environment!;
    expect(temporalEnv.POSTGRES_SEEDS).toBe(db.hostname);
    expect(temporalEnv.POSTGRES_USER).toBe(pg.environment!.POSTGRES_USER);
    expect(temporalEnv.POSTGRES_PWD).toBe(pg.environment!.POSTGRES_PASSWORD);

    expect(services[workerEnv.SMTP_HOST!]).toBeDefined();
    expect(workerEnv.SMTP_PORT).toBe('1025'); // mailpit's SMTP port
    expect(services.migrate!.environment).toEqual(workerEnv);
  });

  it('registers exactly the search attributes the workflows use', () => {
    const command = String(services['temporal-setup']!.command);
    const registered = [...command.matchAll(/--name (\w+) --type (\w+)/g)]
      .map((m) => `${m[1]}=${m[2]}`)
      .sort();
    const typeName: Record<string, string> = {
      KEYWORD: 'Keyword',
      INT: 'Int',
      DATETIME: 'Datetime',
      TEXT: 'Text',
      BOOL: 'Bool',
      DOUBLE: 'Double',
    };
    const expected = ALL_SEARCH_ATTRIBUTES.map((k) => `${k.name}=${typeName[k.type]}`).sort();
    expect(registered).toEqual(expected);
  });
});
