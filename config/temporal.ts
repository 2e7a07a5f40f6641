import fs from 'node:fs';
import net from 'node:net';
import tls from 'node:tls';
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

/**
 * Connects the client. When TLS is on and the connection fails, the reason is found by a TLS
 * handshake of our own: the SDK's client only says it gave up ("Failed to connect before the deadline").
 */
export async function connectClient(config: AppConfig['temporal']): Promise<Connection> {
  try {
    return await Connection.connect({
      address: config.address,
      tls: tlsOptions(config),
      apiKey: config.apiKey,
      connectTimeout: '5s',
    });
  } catch (err) {
    const reason = await tlsRefusal(config).catch(() => undefined);
    if (reason) throw new Error(reason, { cause: err });
    throw err;
  }
}

/** A TLS handshake error in officials' words, naming the variable to check. */
export function tlsRefusalReason(err: NodeJS.ErrnoException): string {
  const code = err.code ?? '';
  const msg = err.message;
  if (/SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER|CERT_UNTRUSTED/.test(code))
    return `lỗi TLS: chứng chỉ của máy chủ không do CA tin cậy ký (kiểm tra TEMPORAL_TLS_CA) — ${code}`;
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID')
    return `lỗi TLS: chứng chỉ của máy chủ không dành cho tên này (kiểm tra TEMPORAL_TLS_SERVER_NAME) — ${msg}`;
  if (code === 'CERT_HAS_EXPIRED' || code === 'CERT_NOT_YET_VALID')
    return `lỗi TLS: chứng chỉ của máy chủ hết hạn hoặc chưa có hiệu lực — ${code}`;
  if (
    /ALERT_(CERTIFICATE_REQUIRED|BAD_CERTIFICATE|UNKNOWN_CA|CERTIFICATE_UNKNOWN|HANDSHAKE_FAILURE)/.test(code)
  )
    return `lỗi TLS: máy chủ từ chối chứng chỉ máy khách (kiểm tra TEMPORAL_TLS_CERT và TEMPORAL_TLS_KEY) — ${code}`;
  return `lỗi TLS: ${code || msg}`;
}

const PROBE_MS = 1_500;
const CLOSED_AFTER_HANDSHAKE =
  'lỗi TLS: máy chủ đóng kết nối ngay sau khi bắt tay, thường vì nó từ chối chứng chỉ máy khách (kiểm tra TEMPORAL_TLS_CERT và TEMPORAL_TLS_KEY)';

/**
 * One TLS handshake with the frontend, with the client's settings: why it is refused, or undefined
 * when it succeeds, no TLS is configured, or nothing answers in time (then the SDK's own error stands).
 */
export function tlsRefusal(config: AppConfig['temporal']): Promise<string | undefined> {
  const options = tlsOptions(config);
  if (!options) return Promise.resolve(undefined);
  const custom = options === true ? {} : options;
  const at = config.address.lastIndexOf(':');
  const host = config.address.slice(0, at).replace(/^\[|\]$/g, '');
  const port = Number(config.address.slice(at + 1));
  const servername = custom.serverNameOverride ?? (net.isIP(host) ? undefined : host);
  return new Promise((resolve) => {
    let done = false;
    const finish = (reason: string | undefined) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(reason);
    };
    const socket = tls.connect({
      host,
      port,
      servername,
      ALPNProtocols: ['h2'],
      ca: custom.serverRootCACertificate && Buffer.from(custom.serverRootCACertificate),
      cert: custom.clientCertPair && Buffer.from(custom.clientCertPair.crt),
      key: custom.clientCertPair && Buffer.from(custom.clientCertPair.key),
    });
    // TLS 1.3: a server refusing the client certificate does so just after the handshake, by an
    // alert (an error here) or by closing the connection.
    socket.once('secureConnect', () => {
      setTimeout(() => finish(undefined), 300);
      socket.once('close', () => finish(CLOSED_AFTER_HANDSHAKE));
    });
    socket.once('error', (err) => finish(tlsRefusalReason(err)));
    const timer = setTimeout(() => finish(undefined), PROBE_MS);
  });
}
