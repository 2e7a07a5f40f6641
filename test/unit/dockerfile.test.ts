import fs from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { build } from 'esbuild';

// The Dockerfile cannot be built here (no Docker engine): check what it says against the
// repository. The image must carry only what production runs, run as a non-root user, and never
// receive .env; production code must import production dependencies only.
const root = path.resolve(__dirname, '..', '..');
const read = (file: string) => fs.readFileSync(path.join(root, file), 'utf8');

interface Instruction {
  op: string;
  args: string;
}
interface Stage {
  from: string;
  name?: string;
  instructions: Instruction[];
}

/** Dockerfile instructions by stage: comments dropped, continuation lines joined. */
function parseDockerfile(text: string): Stage[] {
  const lines = text
    .split('\n')
    .filter((l) => !/^\s*#/.test(l))
    .join('\n')
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  const stages: Stage[] = [];
  for (const line of lines) {
    const [, op, args] = /^(\S+)\s+(.*)$/.exec(line) ?? [];
    if (!op || args === undefined) throw new Error(`cannot read Dockerfile line: ${line}`);
    if (op.toUpperCase() === 'FROM') {
      const [, from, name] = /^(\S+)(?:\s+AS\s+(\S+))?$/i.exec(args) ?? [];
      stages.push({ from: from!, name, instructions: [] });
    } else {
      stages.at(-1)!.instructions.push({ op: op.toUpperCase(), args });
    }
  }
  return stages;
}

const stages = parseDockerfile(read('Dockerfile'));
const runtime = stages.at(-1)!;
const of = (stage: Stage, op: string) => stage.instructions.filter((i) => i.op === op).map((i) => i.args);
const pkg = JSON.parse(read('package.json')) as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
  engines: { node: string };
};

describe('Dockerfile', () => {
  it('builds in stages: the runtime image starts from a plain Node image, not from the build', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    const names = stages.map((s) => s.name).filter(Boolean);
    expect(names).not.toContain(runtime.from);
    expect(runtime.from).toMatch(/^node:20[-.]/);
    expect(pkg.engines.node).toMatch(/^>=20/);
  });

  it('compiles and bundles the workflows in a build stage', () => {
    const buildStage = stages.find((s) => of(s, 'RUN').some((r) => /npm run build\b/.test(r)));
    expect(buildStage).toBeDefined();
    expect(buildStage).not.toBe(runtime);
    expect(read('scripts/build.js')).toContain('bundleWorkflowCode');
  });

  it('copies into the runtime image only what production runs', () => {
    const copies = of(runtime, 'COPY');
    // From other stages: the build output and the production node_modules, nothing else.
    const fromStages = copies
      .map((c) => /^--from=(\S+)\s+(\S+)\s+\S+$/.exec(c))
      .filter((m) => m !== null)
      .map(([, stage, source]) => ({ stage: stages.find((s) => s.name === stage), source }));
    expect(fromStages.map((c) => c.source).sort()).toEqual(['/app/dist', '/app/node_modules']);
    const deps = fromStages.find((c) => c.source === '/app/node_modules')!.stage;
    expect(of(deps!, 'RUN').join(' ')).toMatch(/npm ci [^&]*--omit=dev/);
    const dist = fromStages.find((c) => c.source === '/app/dist')!.stage;
    expect(of(dist!, 'RUN').join(' ')).toMatch(/npm run build\b/);
    // From the build context: named files only (never the whole context, never sources or tests).
    const fromContext = copies.filter((c) => !c.startsWith('--')).flatMap((c) => c.split(/\s+/).slice(0, -1));
    expect(fromContext).not.toContain('.');
    const allowed = [
      'package.json',
      'prisma.config.ts', // read by the Prisma CLI for migrate deploy
      'bin/cchc.js',
      'scripts/prisma.js',
      'config/defaults.json',
      'prisma/schema.prisma',
      'prisma/migrations',
      'regimes', // the report regimes (schedule apply, cycle start, the notices' wording)
      'prisma/seed', // the unit files `cchc agencies import` loads in production
    ];
    for (const source of fromContext) {
      expect(allowed).toContain(source);
      expect(fs.existsSync(path.join(root, source))).toBe(true);
    }
    expect(fromContext).toEqual(expect.arrayContaining(['prisma/migrations', 'prisma/schema.prisma']));
  });

  it('runs the compiled worker with the prebuilt workflow bundle, as a non-root user, in production mode', () => {
    expect(of(runtime, 'CMD')).toEqual(['["node", "dist/worker.js"]']);
    expect(of(runtime, 'CMD').join(' ')).not.toMatch(/tsx/);
    const users = of(runtime, 'USER');
    expect(users).toHaveLength(1);
    expect(users[0]).not.toMatch(/^(root|0)(:|$)/);
    // The USER line comes after every instruction that needs root.
    const ops = runtime.instructions.map((i) => i.op);
    expect(ops.lastIndexOf('RUN')).toBeLessThan(ops.indexOf('USER'));
    expect(of(runtime, 'ENV').join(' ')).toMatch(/NODE_ENV=production/);
  });
});

describe('.dockerignore', () => {
  const patterns = read('.dockerignore')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));

  it('keeps secrets, local state and host builds out of the build context', () => {
    for (const p of ['.env', '.env.*', '.git', 'node_modules', 'dist', '.data', '.tools']) {
      expect(patterns).toContain(p);
    }
    // .env.example documents the variables and holds no secret.
    expect(patterns).toContain('!.env.example');
  });

  it('does not exclude what the build stage compiles', () => {
    const sources = ['client', 'config', 'domain', 'workflows', 'activities', 'worker', 'prisma', 'scripts'];
    const excluding = patterns.filter((p) => sources.includes(p.split('/')[0]!) && p !== 'prisma/generated');
    expect(excluding).toEqual([]);
  });
});

describe('production code imports production dependencies only', () => {
  // What the image runs: the worker, the CLI, the workflow bundle, and the Prisma CLI's config.
  const entryPoints = ['worker/main.ts', 'client/cli/index.ts', 'workflows/index.ts', 'prisma.config.ts'];

  it.each(entryPoints)('%s', async (entry) => {
    const result = await build({
      entryPoints: [path.join(root, entry)],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      packages: 'external',
      write: false,
      metafile: true,
      logLevel: 'silent',
      absWorkingDir: root,
    });
    const packages = new Set<string>();
    for (const input of Object.values(result.metafile.inputs)) {
      for (const imp of input.imports) {
        if (!imp.external || imp.path.startsWith('node:') || !/^[@a-z]/.test(imp.path)) continue;
        const parts = imp.path.split('/');
        const name = imp.path.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
        if (!builtinModules.includes(name)) packages.add(name);
      }
    }
    expect(packages.size).toBeGreaterThan(0);
    const notProduction = [...packages].filter((p) => !(p in pkg.dependencies));
    expect(notProduction).toEqual([]);
  });
});
