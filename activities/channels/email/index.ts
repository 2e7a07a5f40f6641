import { createHash } from 'node:crypto';
import fs from 'node:fs';
import type Mail from 'nodemailer/lib/mailer';
import MailComposer from 'nodemailer/lib/mail-composer';
import { z } from 'zod';
import type { AppConfig } from '../../../config';
import { renderEmail } from '../../../domain/templates';
import type { Channel, ChannelContact, OutgoingMessage, ResolvedAddress, SendControl } from '../types';
import { smtpCheckError } from './check';
import { classifySmtpError } from './classify';
import { SmtpPool, type SmtpPoolOptions } from './pool';

// Email: Vietnamese subject, plain text and HTML (and the files a purpose carries), through the province's SMTP relay, at any hour.
// SMTP cannot be asked whether a message arrived, so where it is unknown we choose by what is known:
// - an attempt died holding the row (crash, kill) before the outbox recorded the transmission: sent
//   again. The record is written before the terminating dot goes out, and a relay discards a
//   message whose dot never came, so this cannot repeat one the relay accepted;
// - an attempt died after that record: not sent again, row UNCERTAIN (lost only if the process died
//   in the instant between the record and the five bytes of the dot). The relay
//   most likely has it (relays queue before they answer); resending here repeated ~5 messages per
//   crash with a relay of 1 s per message;
// - the relay received the whole message but never answered (connection dropped, timeout): not
//   sent again, row UNCERTAIN. Relays queue a message before they answer, so it is most likely on
//   its way, and resending every such message would duplicate all of them while a relay misbehaves.

export { classifySmtpError } from './classify';
export { SmtpPool } from './pool';

export type SmtpSettings = AppConfig['smtp'];

/** `<sha256(key)@cchc.dongthap>`: the same key always gives the same Message-ID. */
export function messageIdFor(idempotencyKey: string): string {
  return `<${createHash('sha256').update(idempotencyKey).digest('hex')}@cchc.dongthap>`;
}

const emailSchema = z.email();
const isEmail = (value: string) => emailSchema.safeParse(value).success;

export interface EmailChannelOptions {
  /** Overrides of the pool (tests, benchmarks): timeouts, TCP_NODELAY, size. */
  pool?: Partial<Omit<SmtpPoolOptions, 'connection' | 'auth'>>;
  connection?: SmtpPoolOptions['connection'];
}

/** nodemailer options from the settings: STARTTLS is required whenever credentials are set. */
export function smtpConnectionOptions(smtp: SmtpSettings): SmtpPoolOptions['connection'] {
  const ca = smtp.caFile ? [fs.readFileSync(smtp.caFile)] : undefined;
  return {
    host: smtp.host,
    port: smtp.port,
    secure: smtp.secure,
    requireTLS: !smtp.secure && Boolean(smtp.user),
    tls: { minVersion: 'TLSv1.2', ...(ca ? { ca } : {}) },
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
    dnsTimeout: 10_000,
  };
}

/** The message as nodemailer composes it: who from and to, the texts, files, Message-ID, headers. */
export function mailOptions(from: string, message: OutgoingMessage): Mail.Options {
  return {
    from,
    to: { name: message.contactName, address: message.address },
    subject: message.content.subject,
    text: message.content.body,
    html: message.content.html,
    attachments: message.content.attachments?.map((a) => ({
      filename: a.filename,
      contentType: a.contentType,
      content: a.content,
    })),
    messageId: messageIdFor(message.idempotencyKey),
    // What nodemailer would pick for our texts (Vietnamese is mostly Latin letters), without it
    // counting every character of each part and header to decide: a tenth of a message's CPU.
    textEncoding: 'quoted-printable',
    // RFC 3834: tells the recipient's server not to answer with out-of-office replies.
    headers: { 'Auto-Submitted': 'auto-generated', 'X-Auto-Response-Suppress': 'All' },
  };
}

export function createEmailChannel(smtp: SmtpSettings, options: EmailChannelOptions = {}): Channel {
  const connection = options.connection ?? smtpConnectionOptions(smtp);
  const auth = smtp.user ? { user: smtp.user, pass: smtp.pass ?? '' } : undefined;
  const pool = new SmtpPool({ connection, auth, size: smtp.poolSize, ...options.pool });

  async function compose(
    message: OutgoingMessage,
  ): Promise<{ raw: Buffer; from: string; messageId: string }> {
    const options = mailOptions(smtp.from, message);
    const node = new MailComposer(options).compile();
    const envelope = node.getEnvelope();
    return { raw: await node.build(), from: envelope.from || '', messageId: options.messageId! };
  }

  return {
    name: 'email',
    storedAs: 'EMAIL',
    resendMayDuplicate: true,
    address(contact: ChannelContact): ResolvedAddress {
      const address = contact.email?.trim().toLowerCase();
      if (!address) return { kind: 'none' };
      if (!isEmail(address))
        return { kind: 'unusable', address, reason: `địa chỉ email không hợp lệ (liên hệ #${contact.id})` };
      return { kind: 'address', address };
    },
    render(purpose, data) {
      const email = renderEmail(purpose, data);
      return { subject: email.subject, body: email.text, html: email.html };
    },
    earliest: (nowMs) => nowMs,
    async send(message: OutgoingMessage, control: SendControl) {
      const { raw, from, messageId } = await compose(message);
      await pool.send({ from, to: [message.address] }, raw, control);
      return { providerId: messageId };
    },
    classify: classifySmtpError,
    async check() {
      const conn = await pool.open().catch((err: unknown) => {
        throw smtpCheckError(err, smtp);
      });
      conn.quit();
    },
    close: async () => pool.close(),
  };
}
