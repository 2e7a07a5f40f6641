import { SmsDeliveryError, postJson, type SmsGateway } from './gateway';

// eSMS.vn-style brandname API: JSON POST, CodeResult '100' accepted, '124' a RequestId it already has.

export interface EsmsConfig {
  url: string;
  apiKey: string;
  secretKey: string;
  brandname: string;
  smsType: string;
  callbackUrl?: string;
}

const OK = '100';
const DUPLICATE_REQUEST_ID = '124';

export function createEsmsGateway(config: EsmsConfig): SmsGateway {
  return {
    async send({ phone, content, requestId }) {
      const { status, json, text } = await postJson(config.url, {
        ApiKey: config.apiKey,
        SecretKey: config.secretKey,
        Phone: phone,
        Content: content,
        Brandname: config.brandname,
        SmsType: config.smsType,
        IsUnicode: '0',
        RequestId: requestId,
        ...(config.callbackUrl ? { CallbackUrl: config.callbackUrl } : {}),
      });
      if (status >= 400) throw new SmsDeliveryError(`eSMS HTTP ${status}: ${text.slice(0, 200)}`, true);
      const result = (json ?? {}) as { CodeResult?: string | number; SMSID?: string; ErrorMessage?: string };
      const code = String(result.CodeResult ?? '');
      if (code === OK) return { providerId: result.SMSID };
      if (code === DUPLICATE_REQUEST_ID) return { providerId: result.SMSID, duplicate: true };
      // Any other code (bad key, balance, unregistered brandname or template, bad number) needs a person.
      throw new SmsDeliveryError(
        `eSMS CodeResult ${code || '(none)'}: ${result.ErrorMessage ?? text.slice(0, 200)}`,
        true,
      );
    },
  };
}
