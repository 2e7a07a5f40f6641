import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { EphemeralServerExecutable } from '@temporalio/testing';

// Where the external servers come from, in order: an explicit path, the PATH, a build cached
// outside the checkout (from the Go module proxy / Maven Central), and last the SDK's own download
// (what a connected machine gets; it fails on a registry-only network).

export const TEMPORAL_CLI_VERSION = 'v1.5.1'; // newest release that `go install` can build (no replace directives)
export const TEST_SERVER_VERSION = '1.31.0'; // io.temporal:temporal-test-server on Maven Central
export const TEMPORAL_SERVER_VERSION = 'v1.29.1'; // the production engine (go.temporal.io/server), same as the CLI's
export const TEMPORAL_UI_SERVER_VERSION = 'v2.42.1'; // github.com/temporalio/ui-server, the Web UI the CLI embeds

export const projectRoot = path.resolve(__dirname, '..', '..');
export const toolsBin = path.join(projectRoot, '.tools', 'bin');

export function cacheDir(): string {
  const base =
    process.env.CCHC_CACHE_DIR ||
    path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'cchc');
  fs.mkdirSync(base, { recursive: true });
  return base;
}

function which(cmd: string): string | undefined {
  const found = spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' });
  const out = found.stdout.trim();
  return found.status === 0 && out ? out : undefined;
}

function linkIntoTools(name: string, target: string): string {
  fs.mkdirSync(toolsBin, { recursive: true });
  const link = path.join(toolsBin, name);
  fs.rmSync(link, { force: true });
  fs.symlinkSync(target, link);
  return link;
}

function log(message: string): void {
  process.stderr.write(`[tools] ${message}\n`);
}

/** `go install` of packages into gobin; retried once without the checksum database (go.sum still pins). */
function goInstall(packages: string[], gobin: string): boolean {
  const args = ['install', ...packages];
  const env = { ...process.env, GOBIN: gobin, GOFLAGS: '-buildvcs=false' };
  let built = spawnSync('go', args, { env, stdio: 'inherit' });
  if (built.status !== 0) {
    log('go install failed; retrying with GOSUMDB=off');
    built = spawnSync('go', args, { env: { ...env, GOSUMDB: 'off' }, stdio: 'inherit' });
  }
  return built.status === 0;
}

/** Path of a Temporal CLI binary, building it from the Go module if needed; undefined = let the SDK download it. */
export function resolveTemporalCli(opts: { build?: boolean } = {}): string | undefined {
  const explicit = process.env.TEMPORAL_CLI_PATH;
  if (explicit) {
    if (!fs.existsSync(explicit)) throw new Error(`TEMPORAL_CLI_PATH: no file at ${explicit}`);
    return explicit;
  }
  const onPath = which('temporal');
  if (onPath) return onPath;
  const dir = path.join(cacheDir(), `temporal-cli-${TEMPORAL_CLI_VERSION}`);
  const binary = path.join(dir, 'temporal');
  if (!fs.existsSync(binary) && opts.build !== false && which('go')) {
    log(
      `building the Temporal CLI ${TEMPORAL_CLI_VERSION} from the Go module into ${dir} (first time only, a few minutes)`,
    );
    if (!goInstall([`github.com/temporalio/cli/cmd/temporal@${TEMPORAL_CLI_VERSION}`], dir))
      log('could not build the Temporal CLI; falling back to the SDK download');
  }
  return fs.existsSync(binary) ? linkIntoTools('temporal', binary) : undefined;
}

/** Path of an executable wrapping the Java time-skipping test server; undefined = let the SDK download it. */
export function resolveTestServer(opts: { build?: boolean } = {}): string | undefined {
  const explicit = process.env.TEMPORAL_TEST_SERVER_PATH;
  if (explicit) {
    if (!fs.existsSync(explicit)) throw new Error(`TEMPORAL_TEST_SERVER_PATH: no file at ${explicit}`);
    return explicit;
  }
  const dir = path.join(cacheDir(), `temporal-test-server-${TEST_SERVER_VERSION}`);
  const wrapper = path.join(dir, 'temporal-test-server');
  if (!fs.existsSync(wrapper) && opts.build !== false && which('mvn') && which('java')) {
    log(
      `fetching io.temporal:temporal-test-server:${TEST_SERVER_VERSION} with Maven into ${dir} (first time only)`,
    );
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(
      path.join(dir, 'pom.xml'),
      `<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>
<groupId>local.cchc</groupId><artifactId>test-server</artifactId><version>1</version>
<dependencies><dependency><groupId>io.temporal</groupId><artifactId>temporal-test-server</artifactId>
<version>${TEST_SERVER_VERSION}</version></dependency></dependencies></project>\n`,
    );
    const fetched = spawnSync(
      'mvn',
      ['-q', '-B', 'dependency:build-classpath', `-Dmdep.outputFile=${path.join(dir, 'classpath.txt')}`],
      { cwd: dir, stdio: 'inherit' },
    );
    if (fetched.status === 0) {
      const classpath = fs.readFileSync(path.join(dir, 'classpath.txt'), 'utf8').trim();
      // The SDK runs `<exe> <port> [--enable-time-skipping]`, which is TestServer's own main.
      fs.writeFileSync(
        wrapper,
        `#!/bin/sh\nexec java -cp '${classpath}' io.temporal.testserver.TestServer "$@"\n`,
        { mode: 0o755 },
      );
    } else {
      log('could not fetch the test server with Maven; falling back to the SDK download');
    }
  }
  return fs.existsSync(wrapper) ? linkIntoTools('temporal-test-server', wrapper) : undefined;
}

export interface TemporalServerBinaries {
  /** go.temporal.io/server/cmd/server: frontend, history, matching and worker in one process. */
  server: string;
  /** temporal-sql-tool: creates the databases and applies the schema versions. */
  sql: string;
  /** The module's schema/postgresql/v12 folder (temporal/ and visibility/ versioned scripts). */
  schemaDir: string;
}

/**
 * The real Temporal server and its SQL tool, built once from the Go module into the cache outside
 * the checkout (shared by every clone), with the module's PostgreSQL schemas copied beside them so
 * that the cache stands on its own. Undefined when it is not built and Go is not available.
 */
export function resolveTemporalServer(opts: { build?: boolean } = {}): TemporalServerBinaries | undefined {
  const dir = path.join(cacheDir(), `temporal-server-${TEMPORAL_SERVER_VERSION}`);
  const found: TemporalServerBinaries = {
    server: path.join(dir, 'server'),
    sql: path.join(dir, 'sql'),
    schemaDir: path.join(dir, 'schema', 'postgresql', 'v12'),
  };
  const complete = () => Object.values(found).every((p) => fs.existsSync(p));
  if (!complete() && opts.build !== false && which('go')) {
    log(
      `building the Temporal server ${TEMPORAL_SERVER_VERSION} and temporal-sql-tool from the Go module into ${dir} (first time only, a few minutes)`,
    );
    // Built beside the final folder and renamed at the end: a half-built cache never looks complete.
    const tmp = `${dir}.tmp-${process.pid}`;
    fs.rmSync(tmp, { recursive: true, force: true });
    const module = `go.temporal.io/server`;
    const ok = goInstall(
      [
        `${module}/cmd/server@${TEMPORAL_SERVER_VERSION}`,
        `${module}/cmd/tools/sql@${TEMPORAL_SERVER_VERSION}`,
      ],
      tmp,
    );
    if (ok) {
      const modCache = execFileSync('go', ['env', 'GOMODCACHE'], { encoding: 'utf8' }).trim();
      const schema = path.join(
        modCache,
        `${module}@${TEMPORAL_SERVER_VERSION}`,
        'schema',
        'postgresql',
        'v12',
      );
      fs.cpSync(schema, path.join(tmp, 'schema', 'postgresql', 'v12'), { recursive: true });
      makeWritable(path.join(tmp, 'schema')); // the module cache is read-only; the copy need not be
      fs.rmSync(dir, { recursive: true, force: true });
      fs.renameSync(tmp, dir);
    } else {
      fs.rmSync(tmp, { recursive: true, force: true });
      log('could not build the Temporal server');
    }
  }
  return complete() ? found : undefined;
}

/** The Temporal Web UI server (the one the CLI's dev server embeds), built once like the server. */
export function resolveTemporalUiServer(opts: { build?: boolean } = {}): string | undefined {
  const dir = path.join(cacheDir(), `temporal-ui-server-${TEMPORAL_UI_SERVER_VERSION}`);
  const binary = path.join(dir, 'server');
  if (!fs.existsSync(binary) && opts.build !== false && which('go')) {
    log(
      `building the Temporal Web UI server ${TEMPORAL_UI_SERVER_VERSION} from the Go module into ${dir} (first time only)`,
    );
    if (!goInstall([`github.com/temporalio/ui-server/v2/cmd/server@${TEMPORAL_UI_SERVER_VERSION}`], dir))
      log('could not build the Temporal Web UI server');
  }
  return fs.existsSync(binary) ? binary : undefined;
}

function makeWritable(dir: string): void {
  fs.chmodSync(dir, 0o755);
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) makeWritable(p);
    else fs.chmodSync(p, 0o644);
  }
}

export function executable(found: string | undefined): EphemeralServerExecutable {
  return found ? { type: 'existing-path', path: found } : { type: 'cached-download' };
}

export function describeBinary(found: string | undefined): string {
  if (!found) return 'SDK download';
  try {
    return `${found} (${execFileSync(found, ['--version'], { encoding: 'utf8' }).trim()})`;
  } catch {
    return found;
  }
}

if (require.main === module) {
  // `npm run tools`: fetch or build every server ahead of time (CI does this before the tests).
  const cli = resolveTemporalCli();
  const testServer = resolveTestServer();
  const server = resolveTemporalServer();
  const ui = resolveTemporalUiServer();
  console.log(`Temporal CLI: ${cli ?? 'not available here; the SDK will download it'}`);
  console.log(`Time-skipping test server: ${testServer ?? 'not available here; the SDK will download it'}`);
  console.log(`Temporal server (production engine): ${server?.server ?? 'not available (needs Go)'}`);
  console.log(`Temporal Web UI server: ${ui ?? 'not available (needs Go)'}`);
  if (!cli || !testServer || !server || !ui) process.exitCode = 1;
}
