import { spawnSync } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(__dirname, '..', '..');

// The worker process itself, as an operator starts it: a bad value stops it with one line.
describe('worker start-up with a bad environment', () => {
  it.each([
    ['SMTP_PORT', 'not-a-port'],
    ['TEMPORAL_ADDRESS', 'no port here'],
    ['SMS_PROVIDER', 'carrier-pigeon'],
  ])('%s=%s stops the worker with one line naming it', (variable, value) => {
    const run = spawnSync(process.execPath, ['--require', 'tsx/cjs', path.join(root, 'worker', 'main.ts')], {
      cwd: root,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, [variable]: value },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.status).toBe(1);
    const lines = run.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^Invalid environment: ${variable}: `));
    expect(run.stdout).not.toContain('worker ready');
  });
});
