import { toInternational } from '../../../domain/phone';
import { describeError } from '../redact';
import { DeliveryFailure } from '../types';
import { checkReachable, postJson, type SmsTransport } from './transport';

// A generic JSON webhook: POST { to: '+84…', text, requestId }, optional bearer token. 2xx accepted,
// 409 means it already has that requestId (treated as sent), 401/403 the token, other 4xx permanent.

export interface WebhookConfig {
  url: string;
  token?: string;
}

const VARIABLES = { url: 'SMS_WEBHOOK_URL', credentials: 'SMS_WEBHOOK_TOKEN' };

export function createWebhookTransport(config: WebhookConfig): SmsTransport {
  const headers: Record<string, string> = config.token ? { authorization: `Bearer ${config.token}` } : {};
  return {
    async send({ phone, content, requestId }) {
      const { status, json, text } = await postJson(
        config.url,
        { to: `+${toInternational(phone)}`, text: content, requestId },
        VARIABLES,
        headers,
      );
      if (status === 409) return { duplicate: true };
      if (status < 200 || status >= 300)
        throw new DeliveryFailure(
          'permanent',
          `webhook HTTP ${status}: ${describeError(text.slice(0, 200), [phone, toInternational(phone)])}`,
        );
      const body = (json ?? {}) as { id?: unknown; messageId?: unknown };
      const id = body.id ?? body.messageId;
      return { providerId: id === undefined ? undefined : String(id) };
    },
    check: () => checkReachable(config.url, 'SMS_WEBHOOK_URL', headers),
  };
}
