import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';
import type { AppConfig } from '../../config';

// A real SMTP server in the test process (smtp-server): it keeps what arrives, parsed with
// mailparser, and injects faults: refuse (421, 451, 550...), answer slowly, drop the connection
// after DATA without answering. Every message it fully received is counted by Message-ID, whether
// it answered 250 or not, so duplicates and losses can be counted (also by the chaos suite).

export interface ReceivedMail {
  envelope: { from: string; to: string[] };
  raw: Buffer;
  messageId?: string;
  /** When the last byte of the content arrived (epoch ms). */
  receivedAt?: number;
  /** Undefined when the server was started with `parse: false`. */
  parsed?: ParsedMail;
}

export interface SmtpRefusal {
  /** SMTP reply code: 4xx transient, 5xx permanent. */
  code: number;
  message?: string;
  /** When to refuse: at connection (greeting), at RCPT TO, or after DATA. Default 'rcpt'. */
  stage?: 'connect' | 'rcpt' | 'data';
  /** How many times (default 1; Infinity: until reset()). */
  times?: number;
  /** Only for this recipient address (rcpt and data stages). */
  to?: string;
}

/**
 * A fault on messages fully received (after DATA): answer late, or hang up without answering; or
 * (stall) on new connections: greet only after `ms` (a relay that hangs).
 */
export interface SmtpDataFault {
  kind: 'delay' | 'drop' | 'stall';
  /** For delay and stall: how long before the answer (250 or a refusal; the greeting). */
  ms?: number;
  times?: number;
}

export interface SmtpServerOptions {
  parse?: boolean;
  /** Require AUTH (PLAIN/LOGIN) with these credentials (accepted even without TLS: a careless relay). */
  auth?: { user: string; pass: string };
  /** Offer STARTTLS with this key and certificate (PEM); without it STARTTLS is never offered. */
  tls?: { key: string; cert: string };
}

export interface TestSmtpServer {
  host: string;
  port: number;
  /** Ready for createEmailChannel. */
  config: AppConfig['smtp'];
  /** Accepted messages (answered 250), in arrival order. */
  messages: ReceivedMail[];
  /** Every message fully received, answered or not (a drop after DATA still delivers it). */
  received: ReceivedMail[];
  /** Replies the server gave instead of accepting: `421 at connect`, `550 at rcpt`, `drop at data`. */
  refused: string[];
  /** AUTH attempts that reached the server (user names only). */
  authAttempts: string[];
  refuse(rule: SmtpRefusal): void;
  fault(rule: SmtpDataFault): void;
  /** Fully received messages per Message-ID. */
  deliveries(): Map<string, number>;
  /** Message-IDs received more than once. */
  duplicates(): string[];
  /** Hangs up every open connection at once (silently, as a relay closing idle sessions). */
  dropIdleConnections(): void;
  /** Resolves once the last byte of `count` messages has arrived in total (before any answer to them). */
  waitForContent(count: number, timeoutMs?: number): Promise<void>;
  /** Resolves once `count` messages have been accepted in total. */
  waitForMessages(count: number, timeoutMs?: number): Promise<ReceivedMail[]>;
  /** Forgets the refusal and fault rules, keeping what arrived. */
  clearRules(): void;
  /**
   * false: stops accepting connections (a relay that is down: connecting is refused) and hangs up
   * the open ones; true: listens again on the same port.
   */
  setListening(on: boolean): Promise<void>;
  /** Forgets messages, refusals and rules. */
  reset(): void;
  close(): Promise<void>;
}

function smtpError(rule: SmtpRefusal): Error {
  const err = new Error(
    rule.message ??
      (rule.code >= 500 ? 'Requested action not taken' : 'Service not available, try again later'),
  );
  (err as Error & { responseCode: number }).responseCode = rule.code;
  return err;
}

const MESSAGE_ID = /^Message-ID:\s*(<[^>\r\n]+>)/im;

export async function startSmtpServer(opts: SmtpServerOptions = {}): Promise<TestSmtpServer> {
  const parse = opts.parse ?? true;
  const messages: ReceivedMail[] = [];
  const received: ReceivedMail[] = [];
  const refused: string[] = [];
  const authAttempts: string[] = [];
  let rules: (SmtpRefusal & { left: number })[] = [];
  let faults: (SmtpDataFault & { left: number })[] = [];
  const waiters = new Set<() => void>();
  let contentCount = 0;
  const contentWaiters = new Set<() => void>();

  /** Consumes and returns the first matching rule for a stage. */
  function refusalFor(
    stage: NonNullable<SmtpRefusal['stage']>,
    recipients: string[],
  ): SmtpRefusal | undefined {
    const rule = rules.find(
      (r) =>
        (r.stage ?? 'rcpt') === stage && r.left > 0 && (!r.to || recipients.includes(r.to.toLowerCase())),
    );
    if (!rule) return undefined;
    rule.left -= 1;
    refused.push(`${rule.code} at ${stage}`);
    return rule;
  }
  function faultFor(kind: SmtpDataFault['kind']): SmtpDataFault | undefined {
    const rule = faults.find((f) => f.kind === kind && f.left > 0);
    if (rule) rule.left -= 1;
    return rule;
  }

  const authOptions: Partial<SMTPServerOptions> = opts.auth
    ? {
        authOptional: false,
        authMethods: ['PLAIN', 'LOGIN'],
        // The relay of the test: it would take a password in clear; the client must not offer one.
        allowInsecureAuth: true,
        onAuth(auth, _session, callback) {
          authAttempts.push(auth.username ?? '');
          const ok = auth.username === opts.auth!.user && auth.password === opts.auth!.pass;
          callback(
            ok ? null : new Error('Invalid username or password'),
            ok ? { user: auth.username } : undefined,
          );
        },
      }
    : { authOptional: true };
  const disabledCommands = [...(opts.auth ? [] : ['AUTH']), ...(opts.tls ? [] : ['STARTTLS'])];

  const server: SMTPServer = new SMTPServer({
    ...authOptions,
    disabledCommands,
    ...(opts.tls ? { key: opts.tls.key, cert: opts.tls.cert } : {}),
    logger: false,
    // Pooled clients keep idle connections open: do not let close() wait the default 30 s for them.
    closeTimeout: 500,
    onConnect(_session, callback) {
      const rule = refusalFor('connect', []);
      const stall = rule ? undefined : faultFor('stall');
      if (stall) setTimeout(() => callback(null), stall.ms ?? 0).unref();
      else callback(rule ? smtpError(rule) : null);
    },
    onRcptTo(address, _session, callback) {
      const rule = refusalFor('rcpt', [address.address.toLowerCase()]);
      callback(rule ? smtpError(rule) : null);
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const to = session.envelope.rcptTo.map((a) => a.address.toLowerCase());
        const raw = Buffer.concat(chunks);
        const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
        const mail: ReceivedMail = {
          envelope: { from, to },
          raw,
          messageId: MESSAGE_ID.exec(raw.toString('utf8'))?.[1],
          receivedAt: Date.now(),
        };
        contentCount += 1;
        for (const wake of contentWaiters) wake();
        const answer = () => {
          const rule = refusalFor('data', to);
          if (rule) return callback(smtpError(rule));
          received.push(mail);
          const store = (parsed?: ParsedMail) => {
            messages.push({ ...mail, parsed });
            for (const wake of waiters) wake();
            callback();
          };
          if (!parse) return store();
          simpleParser(raw).then(store, (err: Error) => callback(err));
        };
        if (faultFor('drop')) {
          received.push(mail);
          refused.push('drop at data');
          connections()
            .find((c) => c.id === session.id)
            ?._socket.destroy();
          return;
        }
        const delay = faultFor('delay');
        if (delay) setTimeout(answer, delay.ms ?? 1000);
        else answer();
      });
    },
  });

  /** smtp-server's open sessions (not a public API: test use only). */
  const connections = () => [
    ...(server as unknown as { connections: Set<{ id: string; _socket: { destroy(): void } }> }).connections,
  ];

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  // A client hanging up mid-session is normal here (refusals); keep the server up.
  server.on('error', () => undefined);
  const { port } = server.server.address() as AddressInfo;

  const deliveries = () => {
    const counts = new Map<string, number>();
    for (const m of received) if (m.messageId) counts.set(m.messageId, (counts.get(m.messageId) ?? 0) + 1);
    return counts;
  };

  return {
    host: '127.0.0.1',
    port,
    config: {
      host: '127.0.0.1',
      port,
      secure: false,
      poolSize: 5,
      from: '"Sở Nội vụ Đồng Tháp (CCHC)" <cchc@snv.dongthap.example>',
      ...(opts.auth ? { user: opts.auth.user, pass: opts.auth.pass } : {}),
    },
    messages,
    received,
    refused,
    authAttempts,
    refuse(rule) {
      rules.push({ ...rule, left: rule.times ?? 1 });
    },
    fault(rule) {
      faults.push({ ...rule, left: rule.times ?? 1 });
    },
    dropIdleConnections: () => connections().forEach((c) => c._socket.destroy()),
    deliveries,
    duplicates: () => [...deliveries()].filter(([, n]) => n > 1).map(([id]) => id),
    waitForContent(count, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (contentCount < count) return;
          contentWaiters.delete(check);
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(() => {
          contentWaiters.delete(check);
          reject(
            new Error(
              `expected the content of ${count} messages within ${timeoutMs} ms, got ${contentCount}`,
            ),
          );
        }, timeoutMs);
        contentWaiters.add(check);
        check();
      });
    },
    waitForMessages(count, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (messages.length < count) return;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(messages.slice());
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`expected ${count} messages within ${timeoutMs} ms, got ${messages.length}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    clearRules() {
      rules = [];
      faults = [];
    },
    async setListening(on) {
      if (on === server.server.listening) return;
      if (!on) {
        await new Promise<void>((resolve) => {
          server.server.close(() => resolve());
          connections().forEach((c) => c._socket.destroy());
        });
        return;
      }
      await new Promise<void>((resolve, reject) => {
        server.server.once('error', reject);
        server.server.listen(port, '127.0.0.1', () => {
          server.server.removeListener('error', reject);
          resolve();
        });
      });
    },
    reset() {
      contentCount = 0;
      messages.length = 0;
      received.length = 0;
      refused.length = 0;
      authAttempts.length = 0;
      rules = [];
      faults = [];
    },
    close: async () => {
      if (!server.server.listening)
        await new Promise<void>((r) => server.server.listen(port, '127.0.0.1', r));
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
