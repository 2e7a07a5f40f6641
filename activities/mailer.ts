import { createHash } from 'node:crypto';
import nodemailer from 'nodemailer';
import type SMTPPool from 'nodemailer/lib/smtp-pool';
import type { AppConfig } from '../config';

// Email out through one pooled SMTP transport per worker; failures come back classified.

export interface OutgoingEmail {
  to: { name?: string; address: string };
  subject: string;
  text: string;
  html: string;
  /** `<...>`; derived from the idempotency key so a resend is recognisably the same message. */
  messageId: string;
}

export interface Mailer {
  send(mail: OutgoingEmail): Promise<{ messageId: string }>;
  /** Closes the pooled connections (worker shutdown). */
  close(): void;
}

/** A failed delivery attempt: `permanent` ones are recorded and never retried. */
export class MailDeliveryError extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
  ) {
    super(message);
    this.name = 'MailDeliveryError';
  }
}

/** `<sha256(key)@cchc.dongthap>`: the same key always gives the same Message-ID. */
export function messageIdFor(idempotencyKey: string): string {
  return `<${createHash('sha256').update(idempotencyKey).digest('hex')}@cchc.dongthap>`;
}

/** The commands whose refusal concerns this one message (sender, recipient, content). */
const MESSAGE_COMMANDS = new Set(['MAIL FROM', 'RCPT TO', 'DATA']);

/**
 * Transient: no SMTP reply (connection refused or reset, timeout, DNS), any 4xx, and a 5xx during
 * connection set-up or AUTH (the relay or our credentials are broken, not this message: retrying
 * lets someone fix it). Permanent: a 5xx to MAIL FROM / RCPT TO / DATA (e.g. 550 no such mailbox),
 * and an envelope or message nodemailer rejects before sending (invalid address, too large).
 */
export function classifySmtpError(err: unknown): MailDeliveryError {
  const e = err as {
    message?: string;
    code?: string;
    response?: string;
    responseCode?: number;
    command?: string;
  };
  const code = e.responseCode;
  if (code === undefined) {
    const message = (e.message ?? String(err)).split('\n')[0]!;
    return new MailDeliveryError(
      `${e.code ?? 'SMTP'}: ${message}`,
      e.code === 'EENVELOPE' || e.code === 'EMESSAGE',
    );
  }
  const permanent = code >= 500 && e.code !== 'EAUTH' && MESSAGE_COMMANDS.has(e.command ?? '');
  const reply = (e.response ?? e.message ?? '').replace(/^\d{3}[ -]?/, '').split('\n')[0]!;
  return new MailDeliveryError(`SMTP ${code} (${e.command ?? '?'}): ${reply}`, permanent);
}

/** `transport` adds or overrides nodemailer pool options (benchmarks, tests). */
export function createSmtpMailer(smtp: AppConfig['smtp'], transport: Partial<SMTPPool.Options> = {}): Mailer {
  const pool = nodemailer.createTransport({
    pool: true,
    host: smtp.host,
    port: smtp.port,
    secure: smtp.secure,
    auth: smtp.user ? { user: smtp.user, pass: smtp.pass ?? '' } : undefined,
    maxConnections: smtp.poolSize,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
    ...transport,
  });
  return {
    async send(mail) {
      try {
        const info = await pool.sendMail({
          from: smtp.from,
          to: mail.to,
          subject: mail.subject,
          text: mail.text,
          html: mail.html,
          messageId: mail.messageId,
          // RFC 3834: tells the recipient's server not to answer with out-of-office replies.
          headers: { 'Auto-Submitted': 'auto-generated', 'X-Auto-Response-Suppress': 'All' },
        });
        return { messageId: info.messageId };
      } catch (err) {
        throw classifySmtpError(err);
      }
    },
    close: () => pool.close(),
  };
}
