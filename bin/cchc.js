#!/usr/bin/env node
// `cchc`: runs the compiled CLI, dist/cli.js (built by `npm run build`, and by npm ci / npm install
// through postinstall), when it is up to date with the sources it was built from. In a development
// checkout where a source file is newer (or CCHC_FROM_SOURCE=1), it runs the TypeScript sources
// through tsx instead: slower to start, never out of date.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const compiledCli = path.join(root, 'dist', 'cli.js');
const sourceCli = path.join(root, 'client', 'cli', 'index.ts');

/**
 * Why dist/<name>.js cannot be used ("missing", or the first source file changed since it was
 * built), or undefined when it can. An installed image carries no sources (its entry point, e.g.
 * client/cli/index.ts, is absent): there the build is used as it is.
 */
function compiledState(dir = root, name = 'cli') {
  let builtAt;
  let built;
  try {
    builtAt = fs.statSync(path.join(dir, 'dist', `${name}.js`)).mtimeMs;
    built = JSON.parse(fs.readFileSync(path.join(dir, 'dist', `${name}.inputs.json`), 'utf8'));
  } catch {
    return 'missing';
  }
  if (!fs.existsSync(path.join(dir, built.entry))) return undefined;
  for (const file of built.inputs) {
    let mtime;
    try {
      mtime = fs.statSync(path.join(dir, file)).mtimeMs;
    } catch {
      return file; // removed or renamed since the build
    }
    if (mtime > builtAt) return file;
  }
  return undefined;
}

/** Sets the exit code and exits once stdout and stderr have been written out (pipes are asynchronous). */
function exitWhenFlushed(code) {
  process.exitCode = code;
  let pending = 2;
  const done = () => {
    pending -= 1;
    if (pending === 0) process.exit(code);
  };
  process.stdout.write('', done);
  process.stderr.write('', done);
}

/** A reader that stops early (`cchc … | head`) closes the pipe: stop quietly, like other tools. */
function quietOnClosedPipes() {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (err) => {
      if (err.code !== 'EPIPE') throw err;
      process.exit(process.exitCode ?? 0);
    });
  }
}

async function loadCli() {
  const fromSource = /^(1|true|yes)$/i.test(process.env.CCHC_FROM_SOURCE ?? '');
  const state = fromSource ? 'CCHC_FROM_SOURCE' : compiledState();
  if (state === undefined) return require(compiledCli);
  try {
    require('tsx/cjs'); // require() of TypeScript files
    (await import('tsx/esm/api')).register(); // import() of them: command groups load on demand
  } catch {
    process.stderr.write(`Lỗi: chưa có bản biên dịch dist/cli.js (${state}): chạy "npm run build"\n`);
    process.exit(1);
  }
  if (!fromSource && process.stderr.isTTY) {
    process.stderr.write(
      `Ghi chú: dist/cli.js ${state === 'missing' ? 'chưa có' : `cũ hơn ${state}`}; ` +
        'đang chạy từ mã nguồn (chạy "npm run build" để khởi động nhanh).\n',
    );
  }
  return require(sourceCli);
}

if (require.main === module) {
  quietOnClosedPipes();
  loadCli()
    .then((cli) => cli.main(process.argv))
    .then(exitWhenFlushed, (err) => {
      process.stderr.write(`${err && err.stack ? err.stack : err}\n`);
      exitWhenFlushed(1);
    });
}

module.exports = { compiledState, exitWhenFlushed, quietOnClosedPipes };
