import fs from 'node:fs';
import { Connection, type ConnectionOptions } from '@temporalio/client';
import type { AppConfig } from '.';

// The Temporal frontend as the client (CLI, services) reaches it: address, TLS or API key.

/** TLS settings shared by the client and the worker connection; undefined for plaintext. */
export function tlsOptions(config: AppConfig['temporal']): ConnectionOptions['tls'] {
  if (!config.tls && !config.apiKey) return undefined;
  if (!config.tls) return true;
  const { certPath, keyPath, caPath, serverName } = config.tls;
  return {
    serverNameOverride: serverName,
    serverRootCACertificate: caPath ? fs.readFileSync(caPath) : undefined,
    clientCertPair:
      certPath && keyPath ? { crt: fs.readFileSync(certPath), key: fs.readFileSync(keyPath) } : undefined,
  };
}

export function connectClient(config: AppConfig['temporal']): Promise<Connection> {
  return Connection.connect({
    address: config.address,
    tls: tlsOptions(config),
    apiKey: config.apiKey,
    connectTimeout: '5s',
  });
}
