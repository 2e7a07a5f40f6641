import { resolveTestServer } from '../../scripts/lib/tools';

// Resolve (and on first use fetch) the Java time-skipping test server once for every workflow test.
export default async function setup(): Promise<void> {
  const found = resolveTestServer();
  if (found) process.env.TEMPORAL_TEST_SERVER_PATH = found;
}
