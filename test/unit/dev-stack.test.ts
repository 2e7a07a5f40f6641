import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../config';
import defaults from '../../config/defaults.json';
import {
  devStackFile,
  findDevStack,
  layerSettings,
  readDevStack,
  removeDevStack,
  withDevStack,
  writeDevStack,
} from '../../config/dev-stack';
import { describeSettings } from '../../config/stack-status';

// How the CLI finds `npm run dev`: flags > environment > <data dir>/dev.env of a running launcher > defaults.

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cchc-devstack-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const stackSettings = {
  TEMPORAL_ADDRESS: '127.0.0.1:27233',
  TEMPORAL_NAMESPACE: 'default',
  DATABASE_URL: 'postgresql://postgres:p%40ss@127.0.0.1:25432/cchc?sslmode=disable&application_name=cchc#dev',
  SMTP_HOST: '127.0.0.1',
  SMTP_PORT: '21025',
  SMS_PROVIDER: 'capture',
};

function writeStack(dataDir: string): string {
  const file = devStackFile({ CCHC_DATA_DIR: dataDir });
  writeDevStack(file, { engine: 'server', settings: stackSettings, info: { DEV_TEMPORAL_UI_PORT: '28233' } });
  return file;
}

describe('dev.env, written by npm run dev', () => {
  it('lives in the data dir (CCHC_DATA_DIR, default .data in the project)', () => {
    expect(devStackFile({ CCHC_DATA_DIR: '/srv/x' })).toBe('/srv/x/dev.env');
    expect(devStackFile({})).toBe(path.resolve(__dirname, '..', '..', '.data', 'dev.env'));
  });

  it('round-trips every setting, quoting what needs it, readable by its owner only', () => {
    const file = writeStack(path.join(tmp, 'a'));
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const stack = readDevStack(file)!;
    expect(stack).toMatchObject({ pid: process.pid, engine: 'server', settings: stackSettings });
    expect(stack.info).toEqual({ DEV_TEMPORAL_UI_PORT: '28233' });
  });

  it('is ignored once the launcher that wrote it is gone (a crashed npm run dev)', () => {
    const file = writeStack(path.join(tmp, 'b'));
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
      encoding: 'utf8',
    });
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace(/^DEV_PID=\d+$/m, `DEV_PID=${dead.stdout}`));
    expect(readDevStack(file)).toBeUndefined();
    expect(readDevStack(path.join(tmp, 'none', 'dev.env'))).toBeUndefined();
  });

  it('supplies only connection settings: anything else in the file is information, not configuration', () => {
    const file = writeStack(path.join(tmp, 'c'));
    fs.appendFileSync(file, 'LOG_LEVEL=TRACE\nSMTP_PASS=stolen\n');
    const stack = readDevStack(file)!;
    expect(stack.settings).toEqual(stackSettings);
    expect(withDevStack({ CCHC_DATA_DIR: path.join(tmp, 'c') })).not.toHaveProperty('LOG_LEVEL');
    expect(withDevStack({ CCHC_DATA_DIR: path.join(tmp, 'c') })).not.toHaveProperty('SMTP_PASS');
  });

  it('is removed by the launcher that wrote it, and only by it', () => {
    const file = writeStack(path.join(tmp, 'd'));
    fs.writeFileSync(
      file,
      fs.readFileSync(file, 'utf8').replace(/^DEV_PID=\d+$/m, `DEV_PID=${process.ppid}`),
    );
    removeDevStack(file);
    expect(fs.existsSync(file)).toBe(true);
    writeStack(path.join(tmp, 'd'));
    removeDevStack(file);
    expect(fs.existsSync(file)).toBe(false);
  });

  it('can be switched off with CCHC_DEV_ENV=off', () => {
    writeStack(path.join(tmp, 'e'));
    expect(findDevStack({ CCHC_DATA_DIR: path.join(tmp, 'e') })).toBeDefined();
    expect(findDevStack({ CCHC_DATA_DIR: path.join(tmp, 'e'), CCHC_DEV_ENV: 'off' })).toBeUndefined();
  });
});

describe('precedence: flags > environment > dev.env > defaults', () => {
  const devStack = readDevStack(writeStack(path.join(tmp, 'p')))!;

  it('takes each setting from the first place that has it, and says which', () => {
    const { env, sources } = layerSettings({
      env: { TEMPORAL_ADDRESS: '10.0.0.5:7233', SMTP_HOST: '' }, // an empty variable is unset
      flags: { DATABASE_URL: 'postgresql://u:p@db:5432/x' },
      devStack,
    });
    expect(env).toMatchObject({
      TEMPORAL_ADDRESS: '10.0.0.5:7233',
      DATABASE_URL: 'postgresql://u:p@db:5432/x',
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: '21025',
    });
    expect(sources).toEqual({
      TEMPORAL_ADDRESS: 'environment',
      TEMPORAL_NAMESPACE: 'dev-stack',
      DATABASE_URL: 'flag',
      SMTP_HOST: 'dev-stack',
      SMTP_PORT: 'dev-stack',
      SMS_PROVIDER: 'dev-stack',
    });
  });

  it('falls back to the defaults when there is no dev stack', () => {
    const { sources } = layerSettings({ env: {} });
    expect(Object.values(sources)).toEqual(Object.values(sources).map(() => 'default'));
    expect(loadConfig(withDevStack({ CCHC_DATA_DIR: path.join(tmp, 'none') })).temporal.address).toBe(
      defaults.temporalAddress,
    );
  });

  it('is what loadConfig() reads by default (the CLI and the worker)', () => {
    const saved = { ...process.env };
    try {
      for (const key of Object.keys(stackSettings)) delete process.env[key];
      process.env.CCHC_DATA_DIR = path.join(tmp, 'p');
      delete process.env.CCHC_DEV_ENV;
      expect(loadConfig()).toMatchObject({
        temporal: { address: '127.0.0.1:27233' },
        databaseUrl: stackSettings.DATABASE_URL,
        smtp: { host: '127.0.0.1', port: 21025 },
      });
      process.env.TEMPORAL_ADDRESS = '127.0.0.1:1';
      expect(loadConfig().temporal.address).toBe('127.0.0.1:1');
      expect(describeSettings(process.env)).toMatchObject({
        devStackFile: devStack.file,
        sources: { TEMPORAL_ADDRESS: 'environment', DATABASE_URL: 'dev-stack' },
      });
    } finally {
      process.env = saved;
    }
  });
});
