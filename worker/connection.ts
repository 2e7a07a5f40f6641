import { NativeConnection, type NativeConnectionOptions } from '@temporalio/worker';
import type { AppConfig } from '../config';
import { tlsOptions } from '../config/temporal';

/**
 * As long as the client's connectTimeout: NativeConnection.connect takes no bound of its own, and
 * a TLS handshake that never completes would keep the worker waiting at start-up, saying nothing.
 */
export const WORKER_CONNECT_TIMEOUT_MS = 5_000;

/** The worker's connection to the Temporal frontend (same TLS settings as the client's). */
export function connectWorker(
  config: AppConfig['temporal'],
  timeoutMs = WORKER_CONNECT_TIMEOUT_MS,
): Promise<NativeConnection> {
  const pending = NativeConnection.connect({
    address: config.address,
    tls: tlsOptions(config) as NativeConnectionOptions['tls'],
    apiKey: config.apiKey,
  });
  let timer: NodeJS.Timeout | undefined;
  let gaveUp = false;
  const bound = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      gaveUp = true;
      reject(new Error(`no answer from ${config.address} within ${timeoutMs} ms (server or TLS handshake)`));
    }, timeoutMs);
  });
  // A connection that completes after the give-up is closed, not leaked.
  pending.then(
    (c) => (gaveUp ? void c.close().catch(() => undefined) : undefined),
    () => undefined,
  );
  return Promise.race([pending, bound]).finally(() => clearTimeout(timer));
}
