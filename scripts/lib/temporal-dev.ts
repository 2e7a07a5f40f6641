import { TestWorkflowEnvironment } from '@temporalio/testing';
import { ALL_SEARCH_ATTRIBUTES } from '../../domain/search-attributes';
import { executable, resolveTemporalCli } from './tools';

/**
 * Starts the real Temporal CLI dev server (SQLite file or in memory, Web UI optional) with the
 * project's custom search attributes registered. The binary comes from resolveTemporalCli().
 */
export async function startTemporalDevServer(opts: {
  port?: number;
  uiPort?: number;
  dbFilename?: string;
  namespace?: string;
  /** Serve the server's Prometheus metrics on this port (`/metrics`): what the benches count. */
  metricsPort?: number;
}): Promise<TestWorkflowEnvironment> {
  return TestWorkflowEnvironment.createLocal({
    server: {
      executable: executable(resolveTemporalCli()),
      ip: '127.0.0.1',
      port: opts.port,
      ui: opts.uiPort !== undefined,
      uiPort: opts.uiPort,
      dbFilename: opts.dbFilename,
      namespace: opts.namespace,
      searchAttributes: ALL_SEARCH_ATTRIBUTES,
      log: { format: 'pretty', level: 'warn' },
      ...(opts.metricsPort ? { extraArgs: ['--metrics-port', String(opts.metricsPort)] } : {}),
    },
  });
}
