import type { ContactRoleName } from '../domain/agencies';
import type { QuietHours } from '../domain/calendar';
import type { NotificationPurpose } from '../domain/templates';

// What a workflow asks of the `notify` activity and what it gets back: codes, ids and instants only,
// never an address or a phone number (histories are kept, shown in the Web UI and exported).

export type ChannelName = 'email' | 'sms';

export interface NotifyInput {
  /** Part of the idempotency key: never a run ID. */
  workflowId: string;
  purpose: NotificationPurpose;
  /** Distinguishes repeated sends of one purpose, e.g. 'r-3wd', 'esc-1'. */
  step: string;
  /** The agency the message is about; its name is looked up. */
  agencyCode: string;
  /** focal_point/head: contacts of agencyCode; snv_desk/snv_director/ubnd: those contacts in any active agency. */
  roles: ContactRoleName[];
  channels: ChannelName[];
  /** The template's data for `purpose` (see domain/templates/schemas.ts). */
  data: Record<string, unknown>;
  /** The SMS window of the policy in force, so that planning and sending agree. Default: 07:30–17:30. */
  smsWindow?: QuietHours;
  /**
   * Epoch ms after which the message is no longer worth sending (a reminder after its deadline):
   * a delivery that could only go out later is recorded SKIPPED instead of being sent late.
   */
  usefulUntil?: number;
}

export interface NotifyResult {
  sent: number;
  alreadySent: number;
  /** Deliveries held back by the SMS window, stored PENDING with notBefore: call notify again at `until` (ISO). */
  deferred: { channel: ChannelName; contactId: number; until: string }[];
  /** Permanent failures, recorded FAILED; never retried. `error` names the contact by id, never by address. */
  failed: { channel: ChannelName; contactId: number; error: string }[];
  /** Deliveries recorded SKIPPED: they could only have gone out after `usefulUntil`. */
  skipped: number;
  /**
   * Deliveries recorded UNCERTAIN: they may have arrived and are not sent again — the relay received
   * the whole email but its answer never came (a relay queues before it answers), or an attempt died
   * while sending and the message is no longer useful. The delivery log shows them. Absent when none.
   */
  uncertain?: { channel: ChannelName; contactId: number }[];
  /** No active contact with an address for those roles and channels. */
  noRecipients: boolean;
}
