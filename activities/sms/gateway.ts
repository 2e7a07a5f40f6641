import { createHash } from 'node:crypto';

// One interface for every SMS route: a brandname gateway, a generic webhook, or the development capture.

export interface SmsMessage {
  /** Normalised Vietnamese mobile number, 0xxxxxxxxx. */
  phone: string;
  /** GSM-7 text without diacritics. */
  content: string;
  /** Stable per message (derived from the idempotency key): the gateway drops a repeat. */
  requestId: string;
}

export interface SmsGateway {
  /** Resolves when the gateway took the message (or already had it: `duplicate`); throws SmsDeliveryError. */
  send(message: SmsMessage): Promise<{ providerId?: string; duplicate?: boolean }>;
}

/** A failed delivery attempt: `permanent` ones are recorded and never retried. */
export class SmsDeliveryError extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
  ) {
    super(message);
    this.name = 'SmsDeliveryError';
  }
}

const TIMEOUT_MS = 15_000;

/**
 * POSTs JSON and returns the status and parsed body. Network errors and timeouts become transient
 * failures; status codes are left to the adapter, except 5xx and 429 which are always transient.
 */
export async function postJson(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; json: unknown; text: string }> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (err) {
    const e = err as Error & { cause?: { code?: string } };
    const reason =
      e.name === 'TimeoutError' ? `no answer within ${TIMEOUT_MS / 1000} s` : (e.cause?.code ?? e.message);
    throw new SmsDeliveryError(`gateway unreachable: ${reason}`, false);
  }
  const text = await response.text().catch(() => '');
  if (response.status >= 500 || response.status === 429) {
    throw new SmsDeliveryError(`gateway HTTP ${response.status}: ${text.slice(0, 200)}`, false);
  }
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: response.status, json, text };
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
