import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

// Start-up time of `cchc calendar check --date 2022-01-31` (the binary as `npx cchc` runs it, without
// npx's own start) against a bare `node -e ''` on the same machine, in the same run: the runs of the
// two alternate, so both see the same load. Target: the CLI at most 3× the bare node start.
//   npm run bench:cli [-- --runs 20] [--rounds 3] [--out bench/results/cli-startup.md]

const ROOT = path.resolve(__dirname, '..');
const args = process.argv.slice(2);
const option = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1]! : fallback;
};
const count = (name: string, fallback: number) => {
  const value = Number(option(name, String(fallback)));
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name}: expected a positive whole number`);
  return value;
};
const RUNS = count('runs', 20);
const ROUNDS = count('rounds', 3);
const SOURCE_RUNS = 3;
const OUT = path.resolve(ROOT, option('out', 'bench/results/cli-startup.md'));
const TARGET_RATIO = 3;

const BIN = path.join(ROOT, 'bin', 'cchc.js');
const CLI_ARGS = [BIN, 'calendar', 'check', '--date', '2022-01-31'];
const EXPECTED =
  'Thứ Hai 31/01/2022: ngày nghỉ — Tết Nguyên đán.\nNgày làm việc kế tiếp: Thứ Hai 07/02/2022.\n';
// No DATABASE_URL or Temporal is needed; an unreachable one proves nothing connects.
const ENV = { ...process.env, DATABASE_URL: 'postgresql://nobody:nothing@127.0.0.1:1/none' };

/** Wall time of one run in milliseconds; fails on a wrong answer, so a broken CLI is never "fast". */
function timeRun(argv: string[], expected: string | undefined, env: NodeJS.ProcessEnv = ENV): number {
  const started = process.hrtime.bigint();
  const run = spawnSync(process.execPath, argv, { env, encoding: 'utf8', cwd: ROOT });
  const elapsed = Number(process.hrtime.bigint() - started) / 1e6;
  if (run.status !== 0 || (expected !== undefined && run.stdout !== expected)) {
    throw new Error(`${argv.join(' ')} failed (exit ${run.status}): ${run.stderr || run.stdout}`);
  }
  return elapsed;
}

interface Stats {
  min: number;
  median: number;
  max: number;
}
const stats = (values: number[]): Stats => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length / 2;
  const median = sorted.length % 2 ? sorted[Math.floor(mid)]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { min: sorted[0]!, median, max: sorted[sorted.length - 1]! };
};
const ms = (v: number) => v.toFixed(0);
const fmt = (s: Stats) => `${ms(s.min)} / ${ms(s.median)} / ${ms(s.max)}`;
const load = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(', ');

function main(): void {
  // The binary runs dist/cli.js only when it is up to date: build it, so the compiled path is measured.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { compiledState } = require(BIN) as { compiledState: () => string | undefined };
  if (compiledState() !== undefined) {
    console.log(`dist/cli.js is ${compiledState()}: building it first`);
    const build = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'build.js'), 'cli'], {
      stdio: 'inherit',
    });
    if (build.status !== 0 || compiledState() !== undefined) throw new Error('could not build dist/cli.js');
  }

  const loadBefore = load();
  timeRun(['-e', ''], undefined); // warm the file cache for both
  timeRun(CLI_ARGS, EXPECTED);
  const rounds: { baseline: Stats; cli: Stats; ratio: number }[] = [];
  const all = { baseline: [] as number[], cli: [] as number[] };
  for (let round = 1; round <= ROUNDS; round += 1) {
    const baseline: number[] = [];
    const cli: number[] = [];
    for (let i = 0; i < RUNS; i += 1) {
      baseline.push(timeRun(['-e', ''], undefined));
      cli.push(timeRun(CLI_ARGS, EXPECTED));
    }
    const r = { baseline: stats(baseline), cli: stats(cli), ratio: 0 };
    r.ratio = r.cli.median / r.baseline.median;
    rounds.push(r);
    all.baseline.push(...baseline);
    all.cli.push(...cli);
    console.log(
      `round ${round}: node -e '' ${fmt(r.baseline)} ms, cchc ${fmt(r.cli)} ms (min/median/max), ` +
        `ratio ${r.ratio.toFixed(2)}`,
    );
  }
  const sourceRuns = Array.from({ length: SOURCE_RUNS }, () =>
    timeRun(CLI_ARGS, EXPECTED, { ...ENV, CCHC_FROM_SOURCE: '1' }),
  );
  const loadAfter = load();

  const overall = { baseline: stats(all.baseline), cli: stats(all.cli) };
  const ratio = overall.cli.median / overall.baseline.median;
  const source = stats(sourceRuns);
  const cpus = os.cpus();
  const lines = [
    "# CLI start-up: `cchc calendar check` against a bare `node -e ''`",
    '',
    `Run ${new Date().toISOString()} on Node ${process.version}, ${cpus.length} CPUs (${cpus[0]?.model.trim() ?? 'unknown'}).`,
    `Load average (1, 5, 15 min): ${loadBefore} before, ${loadAfter} after (the machine is shared).`,
    `${ROUNDS} rounds of ${RUNS} runs each; in each round the two commands alternate, so they share the load.`,
    'Wall time of a whole process, spawned from Node, in milliseconds. `cchc` is `node bin/cchc.js`, which',
    "runs the compiled dist/cli.js (`npx cchc` adds npx's own start on top, the same for any package).",
    '',
    "| round | `node -e ''` min / median / max | `cchc calendar check --date 2022-01-31` min / median / max | ratio of medians |",
    '|---|---:|---:|---:|',
    ...rounds.map((r, i) => `| ${i + 1} | ${fmt(r.baseline)} | ${fmt(r.cli)} | ${r.ratio.toFixed(2)} |`),
    `| **all** | ${fmt(overall.baseline)} | ${fmt(overall.cli)} | **${ratio.toFixed(2)}** (target ≤ ${TARGET_RATIO}) |`,
    '',
    `From the TypeScript sources through tsx (CCHC_FROM_SOURCE=1, the development path; ${SOURCE_RUNS} runs): ` +
      `${fmt(source)} ms, ${(source.median / overall.baseline.median).toFixed(1)}× the bare start.`,
    '',
  ];
  fs.mkdirSync(path.dirname(OUT), { recursive: true });
  fs.writeFileSync(OUT, lines.join('\n'));
  console.log(
    `ratio ${ratio.toFixed(2)} (target ≤ ${TARGET_RATIO}): ${ratio <= TARGET_RATIO ? 'met' : 'NOT met'}; ` +
      `written to ${path.relative(ROOT, OUT)}`,
  );
}

main();
