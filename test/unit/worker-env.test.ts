import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigError, loadConfig } from '../../config';
import { resolveWorkflowSource, WORKFLOW_BUNDLE_FILE } from '../../worker/worker';

const root = path.resolve(__dirname, '..', '..');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { compiledState } = require('../../bin/cchc.js') as {
  compiledState: (dir?: string, name?: string) => string | undefined;
};

// A bad value stops the worker with one line naming it: the parsing in-process, the process once.
describe('worker start-up with a bad environment', () => {
  it.each([
    ['SMTP_PORT', 'not-a-port'],
    ['TEMPORAL_ADDRESS', 'no port here'],
    ['SMS_PROVIDER', 'carrier-pigeon'],
  ])('%s=%s is refused with one line naming it', (variable, value) => {
    let error: unknown;
    try {
      loadConfig({ [variable]: value });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message.split('\n')).toHaveLength(1);
    expect(message).toMatch(new RegExp(`^biến môi trường ${variable}: `));
  });

  // The compiled worker when dist/worker.js is up to date with the sources (npm ci builds it), else
  // the sources through tsx.
  const worker =
    compiledState(root, 'worker') === undefined
      ? [path.join(root, 'dist', 'worker.js')]
      : ['--import', 'tsx', path.join(root, 'worker', 'main.ts')];

  it('the worker process prints that one line and exits 1 (smoke)', () => {
    const run = spawnSync(process.execPath, worker, {
      cwd: root,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, SMTP_PORT: 'not-a-port' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.status).toBe(1);
    expect(run.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^biến môi trường SMTP_PORT: /)]);
    expect(run.stdout).not.toContain('worker ready');
  });
});

describe('where the worker takes its workflow code from', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cchc-worker-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
  const write = (file: string) => {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), '');
    return path.join(dir, file);
  };

  it('production: the prebuilt bundle beside the compiled worker', () => {
    const bundle = write(`dist/${WORKFLOW_BUNDLE_FILE}`);
    write('workflows/index.ts');
    expect(resolveWorkflowSource({}, path.join(dir, 'dist'))).toEqual({ kind: 'bundle', codePath: bundle });
  });

  it('development: the sources when the worker runs from worker/ (npm run worker)', () => {
    const sources = write('workflows/index.ts');
    expect(resolveWorkflowSource({}, path.join(dir, 'worker'))).toEqual({
      kind: 'sources',
      workflowsPath: sources,
    });
  });

  it('a compiled worker without its bundle says so and bundles the sources', () => {
    const sources = write('workflows/index.ts');
    const source = resolveWorkflowSource({}, path.join(dir, 'dist'));
    expect(source).toEqual({ kind: 'sources', workflowsPath: sources, note: expect.any(String) });
    expect(source.note).toMatch(/no prebuilt workflow bundle at .*dist\/workflow-bundle\.js.*npm run build/);
  });

  it('CCHC_WORKFLOW_BUNDLE names a bundle, which must exist', () => {
    const bundle = write('elsewhere/bundle.js');
    expect(resolveWorkflowSource({ CCHC_WORKFLOW_BUNDLE: bundle }, path.join(dir, 'worker'))).toEqual({
      kind: 'bundle',
      codePath: bundle,
    });
    expect(() => resolveWorkflowSource({ CCHC_WORKFLOW_BUNDLE: path.join(dir, 'none.js') })).toThrow(
      /^biến môi trường CCHC_WORKFLOW_BUNDLE: no such file: .*none\.js/,
    );
  });

  it('neither a bundle nor sources: one clear error', () => {
    expect(() => resolveWorkflowSource({}, path.join(dir, 'dist'))).toThrow(
      /^biến môi trường CCHC_WORKFLOW_BUNDLE: no prebuilt workflow bundle at .* and no workflow sources: run npm run build$/,
    );
  });
});
