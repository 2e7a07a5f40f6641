import fs from 'node:fs';
import { Client, Connection } from '@temporalio/client';
import { contactMatcher, scanHistories } from '../../bench/lib/scan';

/** The sender address is a setting, not a contact; the dev server's own namespace is `default`. */
const SETTINGS = ['cchc@snv.dongthap.example'];

/**
 * After every integration test: every workflow history the suite left on the dev server is read
 * back (payloads decoded, as the Web UI shows them) and searched for email addresses and phone
 * numbers. Histories carry codes and ids only: one hit fails the run, naming the workflow.
 */
async function scanSuiteHistories(): Promise<string | undefined> {
  const address = process.env.TEMPORAL_ADDRESS;
  if (!address) return undefined;
  const connection = await Connection.connect({ address });
  try {
    const hits = await scanHistories(new Client({ connection }), contactMatcher([], [], SETTINGS));
    console.log(
      `history scan: ${hits.scanned} workflow histories (${Math.round(hits.bytes / 1024)} KiB), ` +
        `${hits.withHits} with a contact detail`,
    );
    if (hits.withHits === 0) return undefined;
    return `history scan: ${hits.withHits} of ${hits.scanned} histories hold contact details:\n${hits.examples.join('\n')}`;
  } finally {
    await connection.close();
  }
}

export default async function teardown(): Promise<void> {
  const infra = (globalThis as Record<string, unknown>).__CCHC_INFRA__ as
    { stop: (() => Promise<void>)[]; dir: string } | undefined;
  if (!infra) return;
  let failure: string | undefined;
  try {
    failure = await scanSuiteHistories();
  } catch (err) {
    failure = `history scan could not run: ${(err as Error).message}`;
  }
  for (const stop of infra.stop.reverse())
    await stop().catch((err: unknown) => console.error('teardown:', err));
  fs.rmSync(infra.dir, { recursive: true, force: true });
  if (failure) throw new Error(failure);
}
