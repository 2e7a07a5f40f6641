import { toInternational } from '../../domain/phone';
import { SmsDeliveryError, postJson, type SmsGateway } from './gateway';

// A generic JSON webhook: POST { to: '+84…', text, requestId }, optional bearer token. 2xx accepted,
// 409 means it already has that requestId (treated as sent), any other 4xx is permanent.

export function createWebhookGateway(config: { url: string; token?: string }): SmsGateway {
  return {
    async send({ phone, content, requestId }) {
      const { status, json, text } = await postJson(
        config.url,
        { to: `+${toInternational(phone)}`, text: content, requestId },
        config.token ? { authorization: `Bearer ${config.token}` } : {},
      );
      if (status === 409) return { duplicate: true };
      if (status < 200 || status >= 300)
        throw new SmsDeliveryError(`webhook HTTP ${status}: ${text.slice(0, 200)}`, true);
      const body = (json ?? {}) as { id?: unknown; messageId?: unknown };
      const id = body.id ?? body.messageId;
      return { providerId: id === undefined ? undefined : String(id) };
    },
  };
}
