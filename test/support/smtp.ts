import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import type { AppConfig } from '../../config';

// A real SMTP server in the test process (smtp-server): it keeps what arrives, parsed with
// mailparser, and can be told to refuse (421, 451, 550...) to exercise retries and failures.

export interface ReceivedMail {
  envelope: { from: string; to: string[] };
  raw: Buffer;
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

export interface TestSmtpServer {
  host: string;
  port: number;
  /** Ready for createSmtpMailer / createNotificationDeps. */
  config: AppConfig['smtp'];
  /** Accepted messages, in arrival order. */
  messages: ReceivedMail[];
  /** Replies the server gave instead of accepting: `421 at connect`, `550 at rcpt`. */
  refused: string[];
  refuse(rule: SmtpRefusal): void;
  /** Resolves once `count` messages have arrived in total. */
  waitForMessages(count: number, timeoutMs?: number): Promise<ReceivedMail[]>;
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

export async function startSmtpServer(opts: { parse?: boolean } = {}): Promise<TestSmtpServer> {
  const parse = opts.parse ?? true;
  const messages: ReceivedMail[] = [];
  const refused: string[] = [];
  let rules: (SmtpRefusal & { left: number })[] = [];
  const waiters = new Set<() => void>();

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

  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    // Pooled clients keep idle connections open: do not let close() wait the default 30 s for them.
    closeTimeout: 500,
    onConnect(_session, callback) {
      const rule = refusalFor('connect', []);
      callback(rule ? smtpError(rule) : null);
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
        const rule = refusalFor('data', to);
        if (rule) return callback(smtpError(rule));
        const raw = Buffer.concat(chunks);
        const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
        const store = (parsed?: ParsedMail) => {
          messages.push({ envelope: { from, to }, raw, parsed });
          for (const wake of waiters) wake();
          callback();
        };
        if (!parse) return store();
        simpleParser(raw).then(store, (err: Error) => callback(err));
      });
    },
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  // A client hanging up mid-session is normal here (refusals); keep the server up.
  server.on('error', () => undefined);
  const { port } = server.server.address() as AddressInfo;

  return {
    host: '127.0.0.1',
    port,
    config: {
      host: '127.0.0.1',
      port,
      secure: false,
      poolSize: 5,
      from: '"Sở Nội vụ Đồng Tháp (CCHC)" <cchc@snv.dongthap.example>',
    },
    messages,
    refused,
    refuse(rule) {
      rules.push({ ...rule, left: rule.times ?? 1 });
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
    reset() {
      messages.length = 0;
      refused.length = 0;
      rules = [];
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
