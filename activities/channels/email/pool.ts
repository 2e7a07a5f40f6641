import { Duplex, Readable } from 'node:stream';
import SMTPConnection from 'nodemailer/lib/smtp-connection';
import { Gate } from '../gate';
import type { LastBytes, SendControl } from '../types';

// A pool of nodemailer SMTP connections in which every message is one bounded unit of work:
// it waits for a connection in its own attempt (the gate), is checked once more just before its
// content goes out, and tells afterwards whether the relay received all of it. nodemailer's own pool
// cannot do this: it queues messages internally, re-sends a message by itself when a connection
// closes while sending, and does not say whether the content had been transmitted.

export interface SmtpPoolOptions {
  connection: SMTPConnection.Options;
  auth?: { user: string; pass: string };
  size: number;
  /** A connection is renewed after this many messages (nodemailer's pool default). */
  maxMessages?: number;
  /** Hard bound on one message, on top of nodemailer's connection, greeting and socket timeouts. */
  messageTimeoutMs?: number;
  /** TCP_NODELAY on the socket: a message is written at once instead of waiting on delayed ACKs. */
  noDelay?: boolean;
}

/** An SMTP error, with where the transaction was when it happened. */
export type PoolError = SMTPConnection.SMTPError & {
  /** The whole message had been handed to the connection (only the relay's answer was missing). */
  contentSent?: boolean;
};

const DEFAULT_MESSAGE_TIMEOUT_MS = 60_000;

/**
 * Resolves once nothing of the content is left in this process: not in `content`, nor in nodemailer's
 * dot-stuffing stream it is piped into (`stuffing`), nor in the socket's buffer: all of it is with the
 * kernel. The streams pass content on in next ticks, so it is looked at after each of the first few
 * (without waiting behind the event loop's other I/O), then once per loop turn and on 'drain'.
 */
async function flushed(
  conn: SMTPConnection,
  content: Readable,
  stuffing: Duplex | undefined,
  ended: () => boolean,
  signal?: AbortSignal,
): Promise<void> {
  const socket = conn._socket;
  for (let turn = 0; ; turn++) {
    await new Promise<void>((resolve) =>
      stuffing && turn < QUICK_LOOKS ? process.nextTick(resolve) : setImmediate(resolve),
    );
    if (signal?.aborted) throw new Error('attempt stopped before completing the message');
    // The transaction failed before the content was asked for (a refused recipient): nodemailer
    // then drains the content into a stream of its own, and nothing may be marked or completed.
    if (ended()) throw new Error('the SMTP transaction ended before the message was complete');
    if (content.destroyed || !socket || socket.destroyed)
      throw new Error('connection closed before the message was complete');
    const stuffed = !stuffing || (stuffing.writableLength === 0 && stuffing.readableLength === 0);
    // (Without the stuffing stream in sight, every look waits a loop turn, which lets it pass all on.)
    if (content.readableLength === 0 && stuffed && socket.writableLength === 0) return;
    if (socket.writableNeedDrain)
      await new Promise<void>((resolve) => {
        const done = () => {
          socket.off('drain', done).off('close', done);
          resolve();
        };
        socket.on('drain', done).on('close', done);
      });
  }
}
const QUICK_LOOKS = 8;

function poolError(message: string, code: string, command = 'API'): PoolError {
  return Object.assign(new Error(message), { code, command });
}

export class SmtpPool {
  private readonly gate: Gate;
  private readonly idle: SMTPConnection[] = [];
  private readonly counts = new WeakMap<SMTPConnection, number>();
  private closed = false;

  constructor(private readonly options: SmtpPoolOptions) {
    this.gate = new Gate(options.size);
  }

  /** Opens a connection, greets, upgrades with STARTTLS when required, and logs in. */
  open(): Promise<SMTPConnection> {
    const conn = new SMTPConnection({ ...this.options.connection, logger: false });
    // Errors of an idle connection (socket timeout, server closing) only retire it.
    conn.on('error', () => this.retire(conn));
    conn.on('end', () => this.retire(conn));
    return new Promise((resolve, reject) => {
      let settled = false;
      const fail = (err: PoolError) => {
        if (settled) return;
        settled = true;
        conn.close();
        reject(err);
      };
      conn.once('error', fail);
      conn.once('end', () => fail(poolError('Connection closed during set-up', 'ECONNECTION', 'CONN')));
      conn.connect(() => {
        if (this.options.noDelay ?? true) conn._socket?.setNoDelay?.(true);
        const ready = () => {
          if (settled) return;
          settled = true;
          conn.removeListener('error', fail);
          resolve(conn);
        };
        const auth = this.options.auth;
        // Like nodemailer: log in when the relay offers AUTH (after STARTTLS when required).
        if (!auth || !(conn as unknown as { allowsAuth: boolean }).allowsAuth) return ready();
        conn.login(auth, (err) => (err ? fail(err) : ready()));
      });
    });
  }

  /**
   * Sends one message: waits for a place (abandoned when `control.signal` aborts), then transmits on an idle
   * or new connection. The content is withheld, and the message abandoned, if `control` says no at
   * the moment the relay asks for it.
   */
  async send(
    envelope: SMTPConnection.Envelope,
    raw: Buffer,
    control: SendControl,
  ): Promise<SMTPConnection.SentMessageInfo> {
    if (this.closed) throw poolError('SMTP pool closed', 'ECLOSED');
    const release = await this.gate.acquire(control.signal).catch(() => {
      throw poolError('attempt stopped while waiting for an SMTP connection', 'ECANCELLED');
    });
    try {
      if (!control.mayTransmit()) throw poolError('attempt stopped before sending', 'ECANCELLED');
      const reused = this.idle.pop();
      try {
        return await this.transmit(reused ?? (await this.open()), envelope, raw, control);
      } catch (err) {
        // An idle connection the relay had just closed: nothing was transmitted, try a fresh one once.
        const e = err as PoolError;
        if (!reused || e.contentSent || e.responseCode || e.code === 'ECANCELLED') throw err;
        return await this.transmit(await this.open(), envelope, raw, control);
      }
    } finally {
      release();
    }
  }

  private transmit(
    conn: SMTPConnection,
    envelope: SMTPConnection.Envelope,
    raw: Buffer,
    control: SendControl,
  ): Promise<SMTPConnection.SentMessageInfo> {
    let contentSent = false;
    let asked = false;
    let withheld = false;
    let stuffing: Duplex | undefined;
    let ended = false;
    const content = new Readable({
      read() {
        if (asked) return;
        asked = true;
        const withhold = (why: string) => {
          withheld = true;
          this.destroy(poolError(why, 'ECANCELLED'));
        };
        // The relay said 354: last chance to hold the message back.
        if (!control.mayTransmit()) return withhold('attempt stopped before sending the content');
        // Everything but the terminating dot: without it the relay discards what it has. Once all of
        // it has left the process, the outbox writes the record of the transmission and the dot
        // follows in the same tick: a crash can fall only between those two writes, so a retry reads
        // the record right (no record: nothing arrived, sent again; a record: it may have, UNCERTAIN).
        this.push(raw);
        const lastBytes = async (): Promise<LastBytes> => {
          await flushed(conn, this, stuffing, () => ended, control.signal);
          if (!control.beforeLastBytes)
            return { complete: () => control.mayTransmit(), abandon: () => undefined };
          return control.beforeLastBytes().catch((err: unknown) => {
            throw new Error(`the transmission could not be recorded: ${(err as Error).message}`);
          });
        };
        lastBytes().then(
          (last) => {
            // A connection that closed (or a transaction that failed) while the record waited gets
            // neither the record nor the dot.
            if (ended || this.destroyed || !conn._socket || conn._socket.destroyed) {
              last.abandon();
              return withhold('connection closed before the message was complete');
            }
            if (!last.complete()) return withhold('attempt stopped before completing the message');
            this.push(null);
          },
          (err: unknown) => withhold((err as Error).message),
        );
      },
    });
    // nodemailer pipes the content into its dot-stuffing stream before it asks for any of it.
    const pipe = content.pipe.bind(content);
    content.pipe = <T extends NodeJS.WritableStream>(destination: T, options?: { end?: boolean }): T => {
      if (destination instanceof Duplex) stuffing = destination;
      return pipe(destination, options);
    };
    content.once('end', () => {
      // The relay is about to have all of it: from here on a crash may leave it delivered.
      contentSent = true;
    });

    return new Promise((resolve, reject) => {
      const finish = (err: PoolError | null, info?: SMTPConnection.SentMessageInfo) => {
        if (ended) return;
        ended = true;
        clearTimeout(timer);
        conn.removeListener('error', onError);
        conn.removeListener('end', onEnd);
        if (err) {
          conn.close();
          this.retire(conn);
          // nodemailer re-labels a stream error ESTREAM: keep the stage visible.
          if (withheld) err.code = 'ECANCELLED';
          return reject(Object.assign(err, { contentSent: contentSent && !withheld }));
        }
        const count = (this.counts.get(conn) ?? 0) + 1;
        this.counts.set(conn, count);
        if (count >= (this.options.maxMessages ?? 100) || this.closed) conn.quit();
        else this.idle.push(conn);
        resolve(info!);
      };
      const onError = (err: PoolError) => finish(err);
      const onEnd = () => finish(poolError('Connection closed unexpectedly', 'ECONNECTION', 'CONN'));
      const timer = setTimeout(
        () => finish(poolError('no answer in time', 'ETIMEDOUT', 'CONN')),
        this.options.messageTimeoutMs ?? DEFAULT_MESSAGE_TIMEOUT_MS,
      );
      conn.on('error', onError);
      conn.on('end', onEnd);
      conn.send(envelope, content, (err, info) => finish(err, info));
    });
  }

  private retire(conn: SMTPConnection): void {
    const i = this.idle.indexOf(conn);
    if (i >= 0) this.idle.splice(i, 1);
  }

  /** Number of connections waiting for a message. */
  get idleCount(): number {
    return this.idle.length;
  }

  close(): void {
    this.closed = true;
    this.gate.close('SMTP pool closed');
    for (const conn of this.idle.splice(0)) conn.quit();
  }
}
