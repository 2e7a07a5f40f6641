import { NativeConnection, type NativeConnectionOptions } from '@temporalio/worker';
import type { AppConfig } from '../config';
import { tlsOptions } from '../config/temporal';

/** The worker's connection to the Temporal frontend (same TLS settings as the client's). */
export function connectWorker(config: AppConfig['temporal']): Promise<NativeConnection> {
  return NativeConnection.connect({
    address: config.address,
    tls: tlsOptions(config) as NativeConnectionOptions['tls'],
    apiKey: config.apiKey,
  });
}
