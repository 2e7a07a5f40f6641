import fs from 'node:fs';
import path from 'node:path';
import { temporal } from '@temporalio/proto';
import { Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { bundleWorkflows } from '../support/time-skipping';

// The recorded histories of one whole Q1 2027 cycle (scripts/record-replay-histories.ts: the cycle
// and its five agencies — on time with a duplicate, late, never, extended, exempt) must replay on
// today's workflow code. A change to the commands a workflow issues, for a history already
// recorded, fails here: version it with patched() or re-record deliberately.
//
// The files hold protobufjs's JSON (JSON.stringify of the fetched history), read back with
// History.fromObject; historyFromJSON does not work in this install (see the recording script).
const REPLAY_DIR = path.join(__dirname, '..', 'replay');
const files = fs
  .readdirSync(REPLAY_DIR)
  .filter((f) => f.endsWith('.json'))
  .sort();

function loadHistory(file: string): { workflowId: string; history: temporal.api.history.v1.IHistory } {
  const json: unknown = JSON.parse(fs.readFileSync(path.join(REPLAY_DIR, file), 'utf8'));
  return {
    workflowId: path.basename(file, '.json'),
    history: temporal.api.history.v1.History.fromObject(json as Record<string, unknown>),
  };
}

describe('recorded histories replay on the current workflow code', () => {
  let bundle: WorkflowBundleWithSourceMap;

  beforeAll(async () => {
    bundle = await bundleWorkflows();
  });

  it('holds a whole cycle: the cycle and each of its five agencies, every one completed', () => {
    expect(files).toEqual([
      'cycle-CCHC-2027-Q1.json',
      'report-CCHC-2027-Q1-EXEMPT.json',
      'report-CCHC-2027-Q1-EXTENDED.json',
      'report-CCHC-2027-Q1-LATE.json',
      'report-CCHC-2027-Q1-NEVER.json',
      'report-CCHC-2027-Q1-ONTIME.json',
    ]);
    for (const file of files) {
      const events = loadHistory(file).history.events ?? [];
      expect(events.at(-1)?.eventType).toBe(
        temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED,
      );
    }
  });

  it('replays every history without a determinism or replay error', async () => {
    const results: [string, string][] = [];
    for await (const result of Worker.runReplayHistories(
      { workflowBundle: bundle, replayName: 'reporting-replay' },
      files.map(loadHistory),
    )) {
      results.push([
        result.workflowId,
        result.error ? `${result.error.name}: ${result.error.message}` : 'ok',
      ]);
    }
    expect(results).toEqual(files.map((f) => [path.basename(f, '.json'), 'ok']));
  });
});
