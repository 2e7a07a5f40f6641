import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cliBinary, runCli } from '../support/cli';

// The `cchc` binary itself (bin/cchc.js): which code it runs, its exit codes, and its output through
// a pipe. The commands' behaviour is tested in-process (cli-calendar.test.ts and others).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const bin = require(cliBinary) as {
  compiledState: (dir?: string) => string | undefined;
  exitWhenFlushed: (code: number) => void;
  quietOnClosedPipes: () => void;
};

describe('the cchc binary (smoke)', () => {
  it('answers calendar check with exit code 0', async () => {
    const r = await runCli(['calendar', 'check', '--date', '2022-01-31'], {
      CCHC_CALENDAR_SOURCE: 'shipped',
    });
    expect(r).toEqual({
      code: 0,
      stdout: 'Thứ Hai 31/01/2022: ngày nghỉ — Tết Nguyên đán.\nNgày làm việc kế tiếp: Thứ Hai 07/02/2022.\n',
      stderr: '',
    });
  });

  it('exits 1 with one line for a bad value', async () => {
    const bad = await runCli(['calendar', 'check', '--date', '2022-02-30'], {
      CCHC_CALENDAR_SOURCE: 'shipped',
    });
    expect(bad.code).toBe(1);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toMatch(/^Lỗi: --date: ngày không tồn tại trong lịch[^\n]*\n$/);
  });

  // npm ci builds dist/cli.js (postinstall), so CI always runs the compiled CLI above.
  (process.env.CI ? it : it.skip)('runs the compiled CLI after npm ci', () => {
    expect(bin.compiledState()).toBeUndefined();
  });
});

describe('compiled or sources', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cchc-bin-'));
    for (const file of ['client/cli/index.ts', 'domain/x.ts']) {
      fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      fs.writeFileSync(path.join(dir, file), '');
    }
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const build = (inputs = ['client/cli/index.ts', 'domain/x.ts']) => {
    fs.mkdirSync(path.join(dir, 'dist'), { recursive: true });
    fs.writeFileSync(
      path.join(dir, 'dist', 'cli.inputs.json'),
      JSON.stringify({ entry: 'client/cli/index.ts', inputs }),
    );
    fs.writeFileSync(path.join(dir, 'dist', 'cli.js'), '');
    const later = new Date(Date.now() + 10_000);
    fs.utimesSync(path.join(dir, 'dist', 'cli.js'), later, later);
  };

  it('uses dist/cli.js when it is newer than every source it was built from', () => {
    expect(bin.compiledState(dir)).toBe('missing');
    build();
    expect(bin.compiledState(dir)).toBeUndefined();
  });

  it('falls back to the sources when one of them changed or disappeared since the build', () => {
    build();
    const later = new Date(Date.now() + 20_000);
    fs.utimesSync(path.join(dir, 'domain/x.ts'), later, later);
    expect(bin.compiledState(dir)).toBe('domain/x.ts');
    build();
    fs.rmSync(path.join(dir, 'domain/x.ts'));
    expect(bin.compiledState(dir)).toBe('domain/x.ts');
  });

  it('uses the build as it is where no source was shipped (an installed image)', () => {
    build();
    fs.rmSync(path.join(dir, 'client'), { recursive: true });
    fs.rmSync(path.join(dir, 'domain'), { recursive: true });
    expect(bin.compiledState(dir)).toBeUndefined();
    expect(fs.readdirSync(dir).sort()).toEqual(['dist']);
  });
});

describe('output through a pipe', () => {
  const size = 4 * 1024 * 1024;

  /**
   * A child writes `size` bytes to a pipe that nobody reads yet, says so on stderr, then exits
   * through `exit`; only then does this test start reading. Returns what arrived and the exit code.
   */
  function throughFullPipe(exit: string): Promise<{ received: number; code: number | null }> {
    const script = [
      `const { exitWhenFlushed } = require(${JSON.stringify(cliBinary)});`,
      `process.stdout.write('x'.repeat(${size}));`,
      `process.stderr.write('written\\n');`,
      `${exit}(3);`,
    ].join('\n');
    const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'pipe'] });
    return new Promise((resolve, reject) => {
      let received = 0;
      let code: number | null = null;
      let pending = 2;
      const settle = () => (--pending === 0 ? resolve({ received, code }) : undefined);
      child.on('error', reject);
      child.stdout.pause();
      child.stderr.on('data', (d: Buffer) => {
        if (!d.toString().includes('written')) return;
        child.stdout.on('data', (chunk: Buffer) => (received += chunk.length));
        child.stdout.on('end', settle);
        child.stdout.resume();
      });
      child.on('exit', (c) => {
        code = c;
        settle();
      });
    });
  }

  it('keeps every byte when the reader is slower than the writer', async () => {
    await expect(throughFullPipe('exitWhenFlushed')).resolves.toEqual({ received: size, code: 3 });
  });

  it('(why: process.exit right after writing loses what the pipe has not taken yet)', async () => {
    const { received, code } = await throughFullPipe('process.exit');
    expect(code).toBe(3);
    expect(received).toBeLessThan(size);
  });

  it.each([
    ['stops quietly', 'quietOnClosedPipes();', ''],
    ['(why: without the guard a stack trace)', '', 'EPIPE'],
  ])('%s when the reader closes the pipe early (cchc … | head)', async (_label, guard, expected) => {
    const script = [
      `const { quietOnClosedPipes } = require(${JSON.stringify(cliBinary)});`,
      guard,
      // Still writing when the reader goes away.
      `for (let i = 0; i < 1000; i++) process.stdout.write('line '.repeat(1000) + '\\n');`,
    ].join('\n');
    const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise((resolve) => child.on('close', resolve));
    if (expected) {
      expect(stderr).toContain(expected);
    } else {
      expect(stderr).toBe('');
      expect(code).toBe(0);
    }
  });
});
