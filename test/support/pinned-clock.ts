import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { temporal } from '@temporalio/proto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { ALL_SEARCH_ATTRIBUTES } from '../../domain/search-attributes';
import { startTimeSkipping } from './time-skipping';

// The Java time-skipping test server with its clock starting at a given instant (its stock main
// always starts at the real time), for runs whose dates must not depend on the day they run: the
// same jars as the wrapper the workflow global setup fetches (TEMPORAL_TEST_SERVER_PATH), and a
// one-file launcher run by `java` from source.

/** An executable running the test server with its clock starting at `startMs` (epoch ms). */
export function pinnedClockTestServer(
  startMs: number,
  wrapper = process.env.TEMPORAL_TEST_SERVER_PATH,
): string {
  const classpath =
    wrapper && fs.existsSync(wrapper)
      ? /-cp '([^']+)'/.exec(fs.readFileSync(wrapper, 'utf8'))?.[1]
      : undefined;
  if (!classpath) {
    throw new Error(
      'a pinned clock needs the Java time-skipping test server (TEMPORAL_TEST_SERVER_PATH, a wrapper ' +
        'running `java -cp <jars>`, fetched with Maven by scripts/lib/tools.ts resolveTestServer)',
    );
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cchc-ts-pinned-'));
  const source = path.join(dir, 'PinnedClockTestServer.java');
  fs.writeFileSync(
    source,
    `import io.grpc.Grpc;
import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.temporal.internal.testservice.GRPCServerHelper;
import io.temporal.internal.testservice.TestServicesStarter;

public class PinnedClockTestServer {
  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    boolean skipping = false;
    for (int i = 1; i < args.length; i++) if (args[i].equalsIgnoreCase("--enable-time-skipping")) skipping = true;
    // Same as TestServer.main, with an initial time: the first argument is "lock time skipping".
    TestServicesStarter starter = new TestServicesStarter(!skipping, ${startMs}L);
    ServerBuilder<?> builder = Grpc.newServerBuilderForPort(port, InsecureServerCredentials.create());
    GRPCServerHelper.registerServicesAndHealthChecks(starter.getServices(), builder);
    Server server = builder.build().start();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> { server.shutdownNow(); starter.close(); }));
    server.awaitTermination();
  }
}
`,
  );
  const script = path.join(dir, 'test-server');
  fs.writeFileSync(script, `#!/bin/sh\nexec java -cp '${classpath}' '${source}' "$@"\n`, { mode: 0o755 });
  return script;
}

const INDEXED: Record<string, temporal.api.enums.v1.IndexedValueType> = {
  KEYWORD: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
  INT: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_INT,
  DATETIME: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_DATETIME,
  TEXT: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_TEXT,
  BOOL: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_BOOL,
  DOUBLE: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_DOUBLE,
};

/**
 * A time-skipping environment whose clock starts at `startMs`, with the project's custom search
 * attributes registered (the test server silently does not start a child whose search attributes
 * it does not know).
 */
export async function createPinnedTimeSkippingEnv(startMs: number): Promise<TestWorkflowEnvironment> {
  const env = await startTimeSkipping(6, pinnedClockTestServer(startMs));
  await env.connection.operatorService.addSearchAttributes({
    namespace: 'default',
    searchAttributes: Object.fromEntries(ALL_SEARCH_ATTRIBUTES.map((k) => [k.name, INDEXED[k.type]!])),
  });
  return env;
}
