import type { AppConfig } from '../../../config';
import { describeError } from '../redact';
import { DeliveryFailure } from '../types';
import { checkReachable, postJson, type SmsTransport } from './transport';

// eSMS.vn-style brandname API: JSON POST, CodeResult '100' accepted, '124' a RequestId it already
// has (so a resend after a crash is safe). Codes about the account, keys, balance, brandname or
// message type are configuration failures: no message can go until a person fixes them.

/** The gateway's settings, as the configuration reads them (`SMS_PROVIDER=esms`). */
export type EsmsConfig = Omit<Extract<AppConfig['sms'], { provider: 'esms' }>, 'provider'>;

const OK = '100';
const DUPLICATE_REQUEST_ID = '124';
const GATEWAY_ERROR = '99';
/** CodeResult → the variable (or account) to look at. */
const CONFIGURATION: Record<string, { variable: string; what: string }> = {
  '101': { variable: 'SMS_ESMS_API_KEY', what: 'sai ApiKey/SecretKey' },
  '102': { variable: 'SMS_ESMS_API_KEY', what: 'tài khoản bị khoá' },
  '103': { variable: 'SMS_ESMS_API_KEY', what: 'số dư tài khoản không đủ' },
  '104': { variable: 'SMS_BRANDNAME', what: 'brandname không tồn tại hoặc chưa được duyệt' },
  '118': { variable: 'SMS_ESMS_SMS_TYPE', what: 'loại tin nhắn không hợp lệ' },
  '146': { variable: 'SMS_BRANDNAME', what: 'mẫu tin chưa được đăng ký cho brandname' },
};
const VARIABLES = { url: 'SMS_ESMS_URL', credentials: 'SMS_ESMS_API_KEY' };

export function createEsmsTransport(config: EsmsConfig): SmsTransport {
  return {
    async send({ phone, content, requestId }) {
      const { status, json, text } = await postJson(
        config.url,
        {
          ApiKey: config.apiKey,
          SecretKey: config.secretKey,
          Phone: phone,
          Content: content,
          Brandname: config.brandname,
          SmsType: config.smsType,
          IsUnicode: '0',
          RequestId: requestId,
          ...(config.callbackUrl ? { CallbackUrl: config.callbackUrl } : {}),
        },
        VARIABLES,
      );
      if (status >= 400)
        throw new DeliveryFailure(
          'permanent',
          `eSMS HTTP ${status}: ${describeError(text.slice(0, 200), [phone])}`,
        );
      const result = (json ?? {}) as { CodeResult?: string | number; SMSID?: string; ErrorMessage?: string };
      const code = String(result.CodeResult ?? '');
      if (code === OK) return { providerId: result.SMSID };
      if (code === DUPLICATE_REQUEST_ID) return { providerId: result.SMSID, duplicate: true };
      const said = `eSMS CodeResult ${code || '(none)'}: ${describeError(result.ErrorMessage ?? text.slice(0, 200), [phone])}`;
      if (code === GATEWAY_ERROR) throw new DeliveryFailure('transient', said);
      const misconfigured = CONFIGURATION[code];
      if (misconfigured)
        throw new DeliveryFailure(
          'configuration',
          `cấu hình ${misconfigured.variable}: ${misconfigured.what} (${said})`,
          misconfigured.variable,
        );
      // Anything else concerns this message (number, content): a person must look at it.
      throw new DeliveryFailure('permanent', said);
    },
    check: () => checkReachable(config.url, 'SMS_ESMS_URL'),
  };
}
