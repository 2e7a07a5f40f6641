import fs from 'node:fs';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { runCli, type CliResult } from '../support/cli';
import { ENV_CASES } from './bad-input/cases-env';
import { FILE_CASES } from './bad-input/cases-files';
import { FLAG_CASES } from './bad-input/cases-flags';
import { PAYLOAD_CASES } from './bad-input/cases-payloads';
import { Stack, type Snapshot } from './bad-input/stack';
import { problemsOf, refusalProblems } from './bad-input/verdict';

// The bad-input corpus: every row of the tables in ./bad-input is one input an official (or a
// script) could give, which must be refused with one clear Vietnamese line naming the field and a
// non-zero exit, and change nothing: the same rows in every table of the database, the same
// workflows (status and history length) and schedules on the Temporal dev server. Rows marked
// `gap` are accepted or misreported today because of code outside this test's reach; they run as
// known failures (it.failing), so fixing one makes its row fail until the mark is removed.

const stack = new Stack();
let before: Snapshot;

beforeAll(async () => {
  await stack.start();
  before = await stack.snapshot();
}, 300_000);
afterAll(() => stack.stop(), 120_000);

/** Runs `act`, then asserts it changed nothing anywhere. */
async function unchanged(act: () => Promise<void>): Promise<void> {
  const start = await stack.snapshot();
  await act();
  expect(await stack.snapshot()).toEqual(start);
}

const cliRun = (args: string[], binary?: boolean, env: Record<string, string> = {}): Promise<CliResult> =>
  binary ? runCli(args, { ...stack.env, ...env }) : stack.cli(args, env);

interface Case {
  name: string;
  gap?: string;
  check: () => Promise<void>;
}

const flagCases: Case[] = FLAG_CASES.map((c) => ({
  ...c,
  check: () => unchanged(async () => expect(refusalProblems(await cliRun(c.args, c.binary), c)).toEqual([])),
}));

const fileCases: Case[] = FILE_CASES.map((c) => ({
  ...c,
  check: async () => {
    const file = `${stack.dir}/files/${c.file}`;
    if (c.content === null) fs.mkdirSync(file, { recursive: true });
    else if (c.content !== undefined) stack.file(`files/${c.file}`, c.content);
    await unchanged(async () => expect(refusalProblems(await cliRun(c.args(file)), c)).toEqual([]));
  },
}));

const envCases: Case[] = ENV_CASES.map((c) => ({
  ...c,
  check: () =>
    unchanged(async () => {
      const r = await cliRun(['notifications', 'list'], false, c.env);
      expect(refusalProblems(r, { field: c.field, says: c.says })).toEqual([]);
      expect(r.stderr).toMatch(new RegExp(`^Lỗi: biến môi trường ${c.field}: `));
    }),
}));

const payloadCases: Case[] = PAYLOAD_CASES.map((c) => ({
  ...c,
  name: `${c.workflowType}: ${c.name}`,
  check: async () => {
    const handle = stack.client.workflow.getHandle(await stack.workflowOf(c.workflowType, 'STP'));
    const history = (await handle.describe()).historyLength;
    await unchanged(async () => {
      const refusal = await handle.executeUpdate(c.update, { args: [c.payload] }).then(
        () => new Error('accepted'),
        (err: unknown) => err as Error,
      );
      expect(refusal).toBeInstanceOf(WorkflowUpdateFailedError);
      const message = (refusal as WorkflowUpdateFailedError).cause?.message ?? refusal.message;
      expect({ message, problems: problemsOf(message) }).toEqual({ message, problems: [] });
      expect(message.slice(0, c.field.length + 2)).toBe(`${c.field}: `);
      if (c.says) expect(message).toMatch(c.says);
    });
    expect((await handle.describe()).historyLength).toBe(history);
  },
}));

const KINDS: [string, Case[]][] = [
  ['command-line flags', flagCases],
  ['files', fileCases],
  ['environment', envCases],
  ['update payloads sent straight to the workflows', payloadCases],
];

for (const [kind, cases] of KINDS)
  describe(kind, () => {
    for (const c of cases.filter((x) => !x.gap)) it(c.name, c.check);
  });

it('left everything as it was before the first case', async () => {
  expect(await stack.snapshot()).toEqual(before);
});

// Last: an accepted input may change what the cases after it would see.
describe('known gaps (accepted or misreported today; fixed elsewhere, then unmarked here)', () => {
  for (const [kind, cases] of KINDS)
    for (const c of cases.filter((x) => x.gap)) it.failing(`${kind}: ${c.name} [${c.gap}]`, c.check);
});

it('holds at least 150 cases', () => {
  const total = KINDS.reduce((n, [, cases]) => n + cases.length, 0);
  expect(total).toBeGreaterThanOrEqual(150);
});
