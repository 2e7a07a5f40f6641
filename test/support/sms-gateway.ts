import http, { type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AppConfig } from '../../config';

// A local HTTP SMS gateway for tests: an eSMS-style JSON API on /esms (CodeResult '100' accepted,
// '124' for a RequestId it already accepted, like eSMS) and a generic webhook on /webhook (409 for
// a requestId it already has). Replies can be scripted (5xx, 429, 4xx, other CodeResults), delayed,
// or the connection dropped after the message was taken. Deliveries are counted by RequestId, so
// a message that reached a phone twice shows up. Non-POST requests (start-up checks) are answered
// 204 and not recorded.

export interface GatewayRequest {
  path: string;
  headers: IncomingHttpHeaders;
  body: Record<string, unknown>;
  /** The status the stub answered with (0: it hung up). */
  status: number;
}

export interface GatewayReply {
  status?: number;
  body?: unknown;
  /** Only for this path ('/esms' or '/webhook'); default any. */
  path?: string;
  /** How many requests get this reply (default 1). */
  times?: number;
  /** Answer only after this long (a gateway slower than the client's timeout). */
  delayMs?: number;
  /** Take the message as the default would (it reaches the phone), then hang up without answering. */
  acceptThenDrop?: boolean;
}

export interface TestSmsGateway {
  url: string;
  esmsUrl: string;
  webhookUrl: string;
  /** Every POST received, scripted replies included. */
  requests: GatewayRequest[];
  /** Requests other than POST (a start-up check's HEAD or GET), as `METHOD /path`. */
  checks: string[];
  /** Requests that were accepted as new messages (the SMS a phone would have received). */
  delivered(): GatewayRequest[];
  /** Accepted messages per RequestId (a count above 1 is an SMS received twice). */
  deliveries(): Map<string, number>;
  /** Queues a scripted reply ahead of the default behaviour. */
  reply(next: GatewayReply): void;
  esmsConfig(overrides?: Partial<EsmsSettings>): EsmsSettings;
  webhookConfig(token?: string): Extract<AppConfig['sms'], { provider: 'webhook' }>;
  reset(): void;
  close(): Promise<void>;
}

type EsmsSettings = Extract<AppConfig['sms'], { provider: 'esms' }>;

const requestIdOf = (body: Record<string, unknown>) => String(body.RequestId ?? body.requestId ?? '');

export async function startSmsGateway(): Promise<TestSmsGateway> {
  const requests: GatewayRequest[] = [];
  const checks: string[] = [];
  const accepted: GatewayRequest[] = [];
  const seenRequestIds = new Set<string>();
  let script: (GatewayReply & { left: number })[] = [];
  let counter = 0;

  function defaultReply(
    path: string,
    body: Record<string, unknown>,
  ): { status: number; body: unknown; accepted: boolean } {
    const requestId = requestIdOf(body);
    const repeat = requestId !== '' && seenRequestIds.has(requestId);
    if (path === '/esms') {
      if (repeat)
        return {
          status: 200,
          body: { CodeResult: '124', ErrorMessage: 'Duplicate RequestId' },
          accepted: false,
        };
      if (requestId) seenRequestIds.add(requestId);
      return {
        status: 200,
        body: { CodeResult: '100', CountRegenerate: 0, SMSID: `esms-${++counter}` },
        accepted: true,
      };
    }
    if (path === '/webhook') {
      if (repeat) return { status: 409, body: { error: 'duplicate requestId' }, accepted: false };
      if (requestId) seenRequestIds.add(requestId);
      return { status: 200, body: { id: `wh-${++counter}` }, accepted: true };
    }
    return { status: 404, body: { error: 'not found' }, accepted: false };
  }

  const server = http.createServer((req, res) => {
    if (req.method !== 'POST') {
      // A start-up check (HEAD/GET): answered and listed apart, never a delivery.
      checks.push(`${req.method} ${(req.url ?? '/').split('?')[0]!}`);
      res.writeHead(204).end();
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = (req.url ?? '/').split('?')[0]!;
      let body: Record<string, unknown> = {};
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>;
      } catch {
        body = { _invalidJson: true };
      }
      const scripted = script.find((s) => s.left > 0 && (!s.path || s.path === path));
      if (scripted) scripted.left -= 1;
      let answer: { status: number; body: unknown };
      if (scripted && !scripted.acceptThenDrop) {
        answer = { status: scripted.status ?? 200, body: scripted.body ?? {} };
      } else {
        const def = defaultReply(path, body);
        answer = def;
        if (def.accepted) accepted.push({ path, headers: req.headers, body, status: def.status });
      }
      if (scripted?.acceptThenDrop) {
        requests.push({ path, headers: req.headers, body, status: 0 });
        req.socket.destroy();
        return;
      }
      requests.push({ path, headers: req.headers, body, status: answer.status });
      const send = () => {
        if (res.destroyed) return;
        res.writeHead(answer.status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(answer.body));
      };
      if (scripted?.delayMs) setTimeout(send, scripted.delayMs).unref();
      else send();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    esmsUrl: `${url}/esms`,
    webhookUrl: `${url}/webhook`,
    requests,
    checks,
    delivered: () => accepted.slice(),
    deliveries() {
      const counts = new Map<string, number>();
      for (const r of accepted) counts.set(requestIdOf(r.body), (counts.get(requestIdOf(r.body)) ?? 0) + 1);
      return counts;
    },
    reply(next) {
      script.push({ ...next, left: next.times ?? 1 });
    },
    esmsConfig: (overrides = {}) => ({
      provider: 'esms',
      url: `${url}/esms`,
      apiKey: 'test-api-key',
      secretKey: 'test-secret-key',
      brandname: 'SNV_DONGTHAP',
      smsType: '2',
      callbackUrl: 'https://cchc.example/sms/callback',
      ...overrides,
    }),
    webhookConfig: (token) => ({ provider: 'webhook', url: `${url}/webhook`, token }),
    reset() {
      requests.length = 0;
      checks.length = 0;
      accepted.length = 0;
      seenRequestIds.clear();
      script = [];
      counter = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
