#!/usr/bin/env node
// Builds what production runs, into dist/:
//   dist/cli.js              the `cchc` CLI (one file; pure-JS libraries bundled in, so it starts fast)
//   dist/worker.js           the worker process
//   dist/workflow-bundle.js  the workflow code, bundled once here (Temporal's production setup), so
//                            the worker does not run webpack at start-up
//   dist/<name>.inputs.json  the project files each entry point was built from: bin/cchc.js compares
//                            their modification times with dist/cli.js to tell a stale build
//
// Usage: node scripts/build.js [cli|worker|workflows]... (no argument: all three)
//        node scripts/build.js --postinstall   the CLI and the worker (not the workflow bundle: it
//                                              takes seconds, and development bundles the sources),
//                                              skipped with a note when the build tools
//                                              (devDependencies) are not installed
// Plain JavaScript on purpose: it runs at install time, before anything could transpile it.
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const dist = path.join(root, 'dist');
const pkg = require('../package.json');

// Pure-JavaScript libraries compiled into dist/cli.js: loading one file is much faster than
// resolving and compiling hundreds of small modules. Everything else (Temporal's native core,
// Prisma's runtime, pg) stays in node_modules and is loaded only by the commands that use it.
const BUNDLED_INTO_CLI = ['commander', 'zod', 'yaml', 'csv-parse'];

const ENTRIES = {
  cli: { entry: 'client/cli/index.ts', bundled: BUNDLED_INTO_CLI },
  worker: { entry: 'worker/main.ts', bundled: [] },
};

async function buildEntry(esbuild, name) {
  const { entry, bundled } = ENTRIES[name];
  const external = Object.keys(pkg.dependencies)
    .filter((dep) => !bundled.includes(dep))
    .flatMap((dep) => [dep, `${dep}/*`]);
  const outfile = path.join(dist, `${name}.js`);
  const result = await esbuild.build({
    entryPoints: [path.join(root, entry)],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    external,
    sourcemap: 'linked',
    metafile: true,
    logLevel: 'warning',
    absWorkingDir: root,
  });
  const inputs = Object.keys(result.metafile.inputs)
    .filter((file) => !file.includes('node_modules/'))
    .sort();
  fs.writeFileSync(path.join(dist, `${name}.inputs.json`), `${JSON.stringify({ entry, inputs }, null, 1)}\n`);
  return `${path.relative(root, outfile)} (${inputs.length} source files)`;
}

async function buildWorkflows() {
  const { bundleWorkflowCode } = require('@temporalio/worker');
  const { code } = await bundleWorkflowCode({
    workflowsPath: path.join(root, 'workflows', 'index.ts'),
    logger: quietLogger,
    // The same bundler options as a worker bundling the sources (worker/worker.ts says why).
    ...require('../worker/workflow-bundle.json'),
  });
  const outfile = path.join(dist, 'workflow-bundle.js');
  // Written whole, then renamed: a worker starting meanwhile never reads half a bundle.
  fs.writeFileSync(`${outfile}.tmp`, code);
  fs.renameSync(`${outfile}.tmp`, outfile);
  return `${path.relative(root, outfile)} (${(code.length / 1e6).toFixed(1)} MB)`;
}

/** bundleWorkflowCode logs each webpack step at INFO; keep warnings and errors only. */
const quietLogger = {
  log: (level, message, meta) => quietLogger[level.toLowerCase()]?.(message, meta),
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: (message) => console.warn(`build: ${message}`),
  error: (message) => console.error(`build: ${message}`),
};

function loadEsbuild() {
  try {
    return require('esbuild');
  } catch {
    return undefined;
  }
}

async function main(args) {
  const postinstall = args.includes('--postinstall');
  const targets = postinstall ? ['cli', 'worker'] : args.length > 0 ? args : ['cli', 'worker', 'workflows'];
  for (const target of targets) {
    if (!['cli', 'worker', 'workflows'].includes(target)) {
      throw new Error(`unknown build target "${target}" (cli, worker, workflows)`);
    }
  }
  const esbuild = loadEsbuild();
  if (!esbuild && targets.some((t) => t !== 'workflows')) {
    if (postinstall) {
      console.log('build: esbuild not installed (production install): dist/ left as it is');
      return;
    }
    throw new Error('esbuild is not installed: run npm ci (with the devDependencies) first');
  }
  fs.mkdirSync(dist, { recursive: true });
  const started = Date.now();
  const built = [];
  for (const target of targets) {
    built.push(target === 'workflows' ? await buildWorkflows() : await buildEntry(esbuild, target));
  }
  console.log(`build: ${built.join(', ')} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

main(process.argv.slice(2)).catch((err) => {
  console.error(`build failed: ${err.message}`);
  process.exit(1);
});
