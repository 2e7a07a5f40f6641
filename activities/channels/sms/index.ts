import type { AppConfig } from '../../../config';
import { nextSmsInstant } from '../../../domain/calendar';
import { normalizeVnPhone } from '../../../domain/phone';
import { renderSms } from '../../../domain/templates';
import { Gate } from '../gate';
import { describeError } from '../redact';
import { DeliveryFailure, type Channel, type ChannelContact, type ResolvedAddress } from '../types';
import { createCaptureTransport } from './capture';
import { createEsmsTransport } from './esms';
import { requestIdFor, type SmsTransport } from './transport';
import { createWebhookTransport } from './webhook';

// SMS: short GSM-7 text, only on working days inside the policy's window, through the route
// SMS_PROVIDER names. Gateways drop a repeated RequestId, so a crashed attempt's SMS is simply
// sent again: never twice on a phone.

export { requestIdFor, type SmsMessage, type SmsTransport } from './transport';
export { createCaptureTransport } from './capture';
export { createEsmsTransport, type EsmsConfig } from './esms';
export { createWebhookTransport, type WebhookConfig } from './webhook';

export type SmsSettings = AppConfig['sms'];

/** Requests in flight to the gateway at once; the rest wait in their own attempt. */
const GATEWAY_CONCURRENCY = 10;

/** The route SMS_PROVIDER names: esms, webhook, or capture (the development default). */
export function createSmsTransport(sms: SmsSettings): SmsTransport {
  switch (sms.provider) {
    case 'esms':
      return createEsmsTransport(sms);
    case 'webhook':
      return createWebhookTransport(sms);
    case 'capture':
      return createCaptureTransport();
  }
}

export function createSmsChannel(transport: SmsTransport): Channel {
  const gate = new Gate(GATEWAY_CONCURRENCY);
  return {
    name: 'sms',
    storedAs: 'SMS',
    resendMayDuplicate: false,
    address(contact: ChannelContact): ResolvedAddress {
      const raw = contact.phone?.trim();
      if (!raw) return { kind: 'none' };
      const phone = normalizeVnPhone(raw);
      if (!phone)
        return {
          kind: 'unusable',
          address: raw,
          reason: `số điện thoại không hợp lệ (liên hệ #${contact.id})`,
        };
      return { kind: 'address', address: phone };
    },
    render: (purpose, data) => ({ body: renderSms(purpose, data) }),
    earliest: (nowMs, { smsWindow, calendar }) => nextSmsInstant(nowMs, smsWindow, calendar),
    async send(message, control) {
      const release = await gate.acquire(control.signal).catch(() => {
        throw new DeliveryFailure('transient', 'chưa gửi: attempt stopped while waiting for the gateway');
      });
      try {
        if (!control.mayTransmit())
          throw new DeliveryFailure('transient', 'chưa gửi: attempt stopped before sending');
        const result = await transport.send({
          phone: message.address,
          content: message.content.body,
          requestId: requestIdFor(message.idempotencyKey),
          contactId: message.contactId,
        });
        return { providerId: result.providerId ?? (result.duplicate ? 'duplicate' : undefined) };
      } finally {
        release();
      }
    },
    classify: (err) =>
      err instanceof DeliveryFailure ? err : new DeliveryFailure('transient', describeError(err)),
    check: () => transport.check(),
    close: async () => gate.close('SMS channel closed'),
  };
}
