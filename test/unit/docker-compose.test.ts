import fs from 'node:fs';
import path from 'node:path';
import { ALL_SEARCH_ATTRIBUTES } from '../../domain/search-attributes';
import { loadConfig } from '../../config';
import { TEMPORAL_CONFIG_SOURCE } from '../../scripts/lib/temporal-server';
import { TEMPORAL_SERVER_VERSION, TEMPORAL_UI_SERVER_VERSION } from '../../scripts/lib/tools';
import { interpolate, loadCompose, stagingEnv } from '../support/compose';

// docker-compose.yml cannot be started here (no Docker engine): check that it is consistent with the
// configuration schema, with the Temporal configuration the tests run, and with itself; and that it
// publishes nothing beyond the host and has no default secret.
const root = path.resolve(__dirname, '..', '..');
const operatorEnv = stagingEnv;
const { raw, services } = loadCompose(operatorEnv);
const workerEnv = services.worker!.environment!;
const script = (name: string) => String((services[name]!.command as string[])[0]);

describe('docker-compose.yml', () => {
  it('has the production pieces', () => {
    expect(Object.keys(services).sort()).toEqual(
      [
        'mailpit',
        'migrate',
        'postgresql',
        'temporal',
        'temporal-db-setup',
        'temporal-schema',
        'temporal-setup',
        'temporal-ui',
        'worker',
      ].sort(),
    );
    expect(services.worker!.build).toBe('.');
    expect(fs.existsSync(path.join(root, 'Dockerfile'))).toBe(true);
  });

  it('has no default secret: without them, interpolation stops naming the variable', () => {
    for (const secret of ['CCHC_DB_PASSWORD', 'CCHC_TEMPORAL_DB_PASSWORD', 'SMTP_HOST']) {
      const { [secret as keyof typeof operatorEnv]: _left, ...rest } = operatorEnv;
      expect(() => interpolate(raw, rest)).toThrow(new RegExp(`^${secret}: `));
    }
    // Nothing that looks like a secret falls back to a value of its own.
    const defaults = [...raw.matchAll(/\$\{([A-Z0-9_]+):-([^}]*)\}/g)].map((m) => [m[1]!, m[2]!] as const);
    for (const [name, fallback] of defaults) {
      if (/PASS|SECRET|TOKEN|KEY/.test(name)) expect([name, fallback]).toEqual([name, '']);
    }
    expect(raw).not.toMatch(/change-me/);
  });

  it('publishes nothing beyond the host: every port is bound to 127.0.0.1, PostgreSQL to none', () => {
    const published = Object.entries(services).flatMap(([name, s]) => (s.ports ?? []).map((p) => [name, p]));
    expect(published.map(([name]) => name).sort()).toEqual(['mailpit', 'temporal', 'temporal-ui']);
    for (const [name, port] of published)
      expect([name, port]).toEqual([name, expect.stringMatching(/^127\.0\.0\.1:\d+:\d+$/)]);
    expect(services.postgresql!.ports).toBeUndefined();
  });

  it('keeps the Web UI read-only (no terminate, reset, batch, signal, update, cancel or start)', () => {
    const ui = services['temporal-ui']!;
    expect(ui.image).toBe(`temporalio/ui:${TEMPORAL_UI_SERVER_VERSION.replace(/^v/, '')}`);
    const env = ui.environment!;
    for (const variable of [
      'TEMPORAL_DISABLE_WRITE_ACTIONS',
      'TEMPORAL_WORKFLOW_TERMINATE_DISABLED',
      'TEMPORAL_WORKFLOW_RESET_DISABLED',
      'TEMPORAL_BATCH_ACTIONS_DISABLED',
      'TEMPORAL_WORKFLOW_CANCEL_DISABLED',
      'TEMPORAL_WORKFLOW_SIGNAL_DISABLED',
      'TEMPORAL_WORKFLOW_UPDATE_DISABLED',
      'TEMPORAL_START_WORKFLOW_DISABLED',
      'TEMPORAL_ACTIVITY_COMMANDS_DISABLED',
    ])
      expect([variable, env[variable]]).toEqual([variable, 'true']);
    expect(env.TEMPORAL_ADDRESS).toBe(workerEnv.TEMPORAL_ADDRESS);
  });

  it('runs Mailpit only for staging', () => {
    expect(services.mailpit!.profiles).toEqual(['staging']);
    expect(services.worker!.depends_on!.mailpit).toEqual({ condition: 'service_started', required: false });
  });

  it('runs the Temporal server the tests run: same version, same configuration files, same variables', () => {
    const version = TEMPORAL_SERVER_VERSION.replace(/^v/, '');
    const temporal = services.temporal!;
    expect(temporal.image).toBe(`temporalio/server:${version}`);
    expect(services['temporal-schema']!.image).toBe(`temporalio/admin-tools:${version}`);
    expect(services['temporal-setup']!.image).toBe(`temporalio/admin-tools:${version}`);

    const [source, mountPoint] = temporal.volumes![0]!.split(':');
    expect(path.resolve(root, source!)).toBe(TEMPORAL_CONFIG_SOURCE);
    const command = [...temporal.entrypoint!, ...(temporal.command as string[])];
    expect(command).toEqual([
      'temporal-server',
      '--root',
      path.dirname(mountPoint!),
      '--config',
      path.basename(mountPoint!),
      '--env',
      'cchc',
      '--allow-no-auth',
      'start',
    ]);
    const env = temporal.environment!;
    const dynamic = path.relative(mountPoint!, env.CCHC_TEMPORAL_DYNAMIC_CONFIG!);
    expect(fs.existsSync(path.join(TEMPORAL_CONFIG_SOURCE, dynamic))).toBe(true);

    // Every variable compose sets is one the template reads (no typo silently falling to a default).
    const template = fs.readFileSync(path.join(TEMPORAL_CONFIG_SOURCE, 'cchc.yaml'), 'utf8');
    const read = new Set([...template.matchAll(/env "(CCHC_TEMPORAL_[A-Z_]+)"/g)].map((m) => m[1]));
    const set = Object.keys(env).filter((k) => k.startsWith('CCHC_TEMPORAL_'));
    expect(set.filter((k) => !read.has(k))).toEqual([]);
    expect(set).toEqual(
      expect.arrayContaining(['CCHC_TEMPORAL_DB_PASSWORD', 'CCHC_TEMPORAL_DYNAMIC_CONFIG']),
    );
    expect(env.CCHC_TEMPORAL_PORT).toBe(workerEnv.TEMPORAL_ADDRESS!.split(':')[1]);
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

  it('points every piece at services that exist, with matching credentials', () => {
    const [temporalHost, temporalPort] = workerEnv.TEMPORAL_ADDRESS!.split(':');
    expect(services[temporalHost!]).toBeDefined();
    expect(services[temporalHost!]!.ports).toContain(`127.0.0.1:${temporalPort}:${temporalPort}`);
    expect(services['temporal-setup']!.environment!.TEMPORAL_ADDRESS).toBe(workerEnv.TEMPORAL_ADDRESS);

    const db = new URL(workerEnv.DATABASE_URL!);
    const pg = services[db.hostname]!;
    expect(pg.image).toMatch(/^postgres:/);
    expect(db.port).toBe('5432');
    expect(decodeURIComponent(db.username)).toBe(pg.environment!.POSTGRES_USER);
    expect(decodeURIComponent(db.password)).toBe(operatorEnv.CCHC_DB_PASSWORD);
    expect(pg.environment!.POSTGRES_PASSWORD).toBe(operatorEnv.CCHC_DB_PASSWORD);
    expect(db.pathname.slice(1)).toBe(pg.environment!.POSTGRES_DB);

    // Temporal has a role of its own: created by temporal-db-setup, used by the schema job and the server.
    const temporalEnv = services.temporal!.environment!;
    expect(temporalEnv.CCHC_TEMPORAL_DB_HOST).toBe(db.hostname);
    expect(temporalEnv.CCHC_TEMPORAL_DB_PASSWORD).toBe(operatorEnv.CCHC_TEMPORAL_DB_PASSWORD);
    const role = services['temporal-db-setup']!;
    expect(role.environment!.CCHC_TEMPORAL_DB_PASSWORD).toBe(operatorEnv.CCHC_TEMPORAL_DB_PASSWORD);
    expect(role.entrypoint).toEqual(expect.arrayContaining(['-U', pg.environment!.POSTGRES_USER]));
    const sqlFile = role.volumes![0]!.split(':')[0]!;
    expect(fs.readFileSync(path.join(root, sqlFile), 'utf8')).toContain(
      '\\getenv temporal_password CCHC_TEMPORAL_DB_PASSWORD',
    );
    const schemaEnv = services['temporal-schema']!.environment!;
    expect([schemaEnv.SQL_USER, schemaEnv.SQL_PASSWORD, schemaEnv.SQL_HOST]).toEqual([
      temporalEnv.CCHC_TEMPORAL_DB_USER,
      operatorEnv.CCHC_TEMPORAL_DB_PASSWORD,
      db.hostname,
    ]);
    expect(services.temporal!.depends_on!['temporal-schema']!.condition).toBe(
      'service_completed_successfully',
    );

    expect(services[workerEnv.SMTP_HOST!]).toBeDefined(); // staging: mailpit
    expect(workerEnv.SMTP_PORT).toBe('1025'); // mailpit's SMTP port
    expect(services.migrate!.environment).toEqual(workerEnv);
  });

  it('registers exactly the search attributes the workflows use, one --type per --name', () => {
    const registered = [...script('temporal-setup').matchAll(/--name (\w+) --type (\w+)/g)]
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
    expect(script('temporal-setup').match(/--name /g)).toHaveLength(ALL_SEARCH_ATTRIBUTES.length);
    expect(script('temporal-setup')).not.toMatch(/\|\| true/);
  });
});
