import { createHash } from 'node:crypto';
import { describeError } from '../redact';
import { ChannelCheckError, DeliveryFailure } from '../types';

// What an SMS route does (brandname gateway, webhook, development capture), and the HTTP plumbing
// the gateways share: bounded in time, every failure classified and redacted.

export interface SmsMessage {
  /** Normalised Vietnamese mobile number, 0xxxxxxxxx. */
  phone: string;
  /** GSM-7 text without diacritics. */
  content: string;
  /** Stable per message (derived from the idempotency key): the gateway drops a repeat. */
  requestId: string;
  /** Named in logs instead of the number. */
  contactId: number;
}

export interface SmsTransport {
  /** Resolves when the gateway took the message (or already had it: `duplicate`); throws DeliveryFailure. */
  send(message: SmsMessage): Promise<{ providerId?: string; duplicate?: boolean }>;
  /** Throws ChannelCheckError when the route cannot work at all. */
  check(): Promise<void>;
}

export const GATEWAY_TIMEOUT_MS = 15_000;

/** The variables a gateway's failures point at. */
export interface GatewayVariables {
  url: string;
  credentials: string;
}

/**
 * POSTs JSON, bounded by GATEWAY_TIMEOUT_MS. No answer, 5xx and 429 are transient; 401/403 mean
 * the credentials, 404 the URL (configuration); the adapter reads every other status.
 */
export async function postJson(
  url: string,
  body: unknown,
  variables: GatewayVariables,
  headers: Record<string, string> = {},
): Promise<{ status: number; json: unknown; text: string }> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(GATEWAY_TIMEOUT_MS),
    });
  } catch (err) {
    const e = err as Error & { cause?: { code?: string } };
    const reason =
      e.name === 'TimeoutError'
        ? `no answer within ${GATEWAY_TIMEOUT_MS / 1000} s`
        : (e.cause?.code ?? describeError(e));
    throw new DeliveryFailure('transient', `gateway unreachable: ${reason}`);
  }
  const text = await response.text().catch(() => '');
  const said = () => describeError(text.slice(0, 300)) || '(empty)';
  const status = response.status;
  if (status >= 500 || status === 429)
    throw new DeliveryFailure('transient', `gateway HTTP ${status}: ${said()}`);
  if (status === 401 || status === 403)
    throw new DeliveryFailure(
      'configuration',
      `cấu hình ${variables.credentials}: cổng SMS từ chối xác thực (HTTP ${status}: ${said()})`,
      variables.credentials,
    );
  if (status === 404)
    throw new DeliveryFailure(
      'configuration',
      `cấu hình ${variables.url}: cổng SMS không có địa chỉ này (HTTP 404)`,
      variables.url,
    );
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status, json, text };
}

/** Start-up check of a gateway: it must answer HTTP at its URL (any status; credentials are tried on send). */
export async function checkReachable(
  url: string,
  variable: string,
  headers: Record<string, string> = {},
): Promise<void> {
  try {
    const response = await fetch(url, { method: 'HEAD', headers, signal: AbortSignal.timeout(5_000) });
    await response.arrayBuffer().catch(() => undefined);
  } catch (err) {
    const e = err as Error & { cause?: { code?: string } };
    const reason = e.name === 'TimeoutError' ? 'no answer within 5 s' : (e.cause?.code ?? describeError(e));
    throw new ChannelCheckError(
      variable,
      `the SMS gateway at ${new URL(url).origin} does not answer (${reason})`,
    );
  }
}

/** eSMS keeps at most 50 characters of RequestId. */
const MAX_REQUEST_ID = 50;

/**
 * The gateway RequestId for an idempotency key: the key itself when it fits in 50 printable ASCII
 * characters, else the first 40 hex digits of its SHA-256 (still stable, still unique in practice).
 */
export function requestIdFor(idempotencyKey: string): string {
  return idempotencyKey.length <= MAX_REQUEST_ID && /^[\x21-\x7e]+$/.test(idempotencyKey)
    ? idempotencyKey
    : createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 40);
}
