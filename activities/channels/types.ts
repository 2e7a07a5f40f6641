import { ConfigError } from '../../config';
import type { QuietHours, WorkingCalendar } from '../../domain/calendar';
import type { NotificationPurpose, TemplateData } from '../../domain/templates';
import type { ChannelName } from '../notify-contract';

// What every channel provides to the notify activity. A channel knows how to find its address in
// a contact, what its message looks like, when it may be sent, how to send it within a bounded
// time, and what its failures mean. The activity owns the outbox and never looks inside a channel.

export type { ChannelName } from '../notify-contract';

/** The contact columns a channel may read its address from. */
export interface ChannelContact {
  id: number;
  name: string;
  email: string | null;
  phone: string | null;
}

/** `none`: the contact has no address on this channel; `unusable`: it has one (as written) that cannot be used. */
export type ResolvedAddress =
  | { kind: 'address'; address: string }
  | { kind: 'unusable'; address: string; reason: string }
  | { kind: 'none' };

/** A file sent with a message (the summary's DOCX); channels that cannot carry files leave it out. */
export interface MessageAttachment {
  filename: string;
  contentType: string;
  content: Buffer;
}

/** What is stored in the outbox row and handed to send(). `body` is the text as the recipient reads it. */
export interface RenderedMessage {
  subject?: string;
  body: string;
  html?: string;
  /** Not stored in the outbox: built again, from the same payload, by every attempt. */
  attachments?: MessageAttachment[];
}

export interface OutgoingMessage {
  contactId: number;
  contactName: string;
  address: string;
  content: RenderedMessage;
  /** Stable per delivery: Message-ID and RequestId derive from it, so a provider can spot a repeat. */
  idempotencyKey: string;
}

/** What the channel does at the last bytes of a message (see SendControl.beforeLastBytes). */
export interface LastBytes {
  complete(): boolean;
  abandon(): void;
}

/** Given by the activity to each send: the channel must not begin transmitting once it says no. */
export interface SendControl {
  /** False once the attempt was cancelled or timed out, or its claim on the row can no longer be vouched for. */
  mayTransmit(): boolean;
  /** Aborts with the attempt: a message still waiting for a connection or a slot gives up. */
  signal?: AbortSignal;
  /**
   * For a provider that cannot be asked about a repeat (email): awaited once everything but the
   * bytes that complete the message (SMTP's terminating dot) has left the process. It resolves once
   * the transmission can be recorded at once. The channel then calls `complete()` while the
   * connection is still open and, if it returns true (the record is written, in that instant), hands
   * over the last bytes in the same tick; on false or a rejection it withholds them (nothing is
   * delivered; sent again later). A connection lost meanwhile: `abandon()`, and nothing is recorded.
   */
  beforeLastBytes?(): Promise<LastBytes>;
}

export type FailureKind =
  /** Refused for this message (no such mailbox, invalid number): recorded FAILED, never retried. */
  | 'permanent'
  /** Worth another try (busy, unreachable, 4xx, 5xx of a gateway): retried with backoff. */
  | 'transient'
  /** The settings are unusable (credentials, brandname, TLS): retried with backoff while useful, logged loudly. */
  | 'configuration'
  /** The provider may have it: the whole email reached the relay but no answer came. Not resent. */
  | 'uncertain';

/** A classified failure. Its message names no address or number (it reaches histories and logs). */
export class DeliveryFailure extends Error {
  constructor(
    readonly kind: FailureKind,
    message: string,
    /** For configuration failures: the environment variable to look at. */
    readonly variable?: string,
  ) {
    super(message);
    this.name = 'DeliveryFailure';
  }
}

/** A setting that cannot work, found by check(): the worker refuses to start with this one line. */
export class ChannelCheckError extends ConfigError {
  constructor(variable: string, reason: string) {
    super(variable, reason);
    this.name = 'ChannelCheckError';
  }
}

export interface SendWindowInput {
  /** The SMS window of the policy in force (NotifyInput.smsWindow). */
  smsWindow: QuietHours;
  calendar: WorkingCalendar;
}

export interface Channel {
  readonly name: ChannelName;
  /** Notification.channel of its rows. */
  readonly storedAs: string;
  /**
   * `true`: the provider cannot recognise a repeat (SMTP). The channel awaits
   * `control.beforeLastBytes()` before the bytes that complete the message, and a row whose
   * claim lapsed after that mark is recorded UNCERTAIN instead of being sent again; before it, it is
   * sent again. `false`: the provider drops a repeat of the same id, so a lapsed row is always sent again.
   */
  readonly resendMayDuplicate: boolean;
  /** Where this contact is reached on this channel. */
  address(contact: ChannelContact): ResolvedAddress;
  render<P extends NotificationPurpose>(purpose: P, data: TemplateData<P>): RenderedMessage;
  /** The first instant (epoch ms) at or after `nowMs` the message may be sent. */
  earliest(nowMs: number, window: SendWindowInput): number;
  /** Resolves once the provider accepted the message; rejects with anything, to be classify()-ed. */
  send(message: OutgoingMessage, control: SendControl): Promise<{ providerId?: string }>;
  classify(err: unknown): DeliveryFailure;
  /** Connects (or the nearest sensible thing) and throws ChannelCheckError on settings that cannot work. */
  check(): Promise<void>;
  close(): Promise<void>;
}
