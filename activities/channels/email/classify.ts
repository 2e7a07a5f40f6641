import { describeError } from '../redact';
import { DeliveryFailure } from '../types';
import type { PoolError } from './pool';

// What an SMTP failure means for the message, from the reply code, the command it answered and how
// far the transaction got. Every message is redacted: relays quote addresses in their replies.

const CERTIFICATE = /certificate|self[- ]signed|altnames|unable to verify|CERT_/i;
const TLS_RECORD = /wrong version number|packet length|ssl3_get_record|unknown protocol|tls/i;

function reply(e: PoolError): string {
  return describeError((e.response ?? e.message ?? '').replace(/^\d{3}[ -]?/, ''));
}

export function classifySmtpError(err: unknown): DeliveryFailure {
  const e = (err ?? {}) as PoolError;
  const code = e.responseCode;
  const command = e.command ?? '?';
  if (!code) return classifyWithoutReply(e);

  const where = `SMTP ${code} (${command}): ${reply(e)}`;
  if (e.code === 'EAUTH' || (code === 530 && command !== 'RCPT TO'))
    return new DeliveryFailure(
      'configuration',
      `cấu hình SMTP_USER/SMTP_PASS: máy chủ thư từ chối đăng nhập — ${where}`,
      'SMTP_USER',
    );
  if (code < 500) return new DeliveryFailure('transient', where);
  if (command === 'RCPT TO' || command === 'DATA') return new DeliveryFailure('permanent', where);
  if (command === 'MAIL FROM') {
    if (code === 552) return new DeliveryFailure('permanent', where);
    return new DeliveryFailure(
      'configuration',
      `cấu hình MAIL_FROM: máy chủ thư không nhận địa chỉ gửi — ${where}`,
      'MAIL_FROM',
    );
  }
  if (command === 'STARTTLS' || e.code === 'ETLS')
    return new DeliveryFailure(
      'configuration',
      `cấu hình SMTP_HOST: STARTTLS thất bại — ${where}`,
      'SMTP_HOST',
    );
  // 5xx at connection, greeting or EHLO: this relay will not serve us as configured.
  return new DeliveryFailure(
    'configuration',
    `cấu hình SMTP_HOST: máy chủ thư từ chối phục vụ — ${where}`,
    'SMTP_HOST',
  );
}

function classifyWithoutReply(e: PoolError): DeliveryFailure {
  const text = describeError(e);
  const label = `${e.code ?? 'SMTP'}: ${text}`;
  if (e.code === 'ECANCELLED') return new DeliveryFailure('transient', `chưa gửi: ${text}`);
  // The relay had the whole message; only its answer is missing. Relays queue before they answer.
  if (e.contentSent)
    return new DeliveryFailure('uncertain', `máy chủ thư đã nhận đủ nội dung nhưng không trả lời (${label})`);
  if (e.code === 'EENVELOPE' || e.code === 'EMESSAGE') return new DeliveryFailure('permanent', label);
  if (e.code === 'EAUTH')
    return new DeliveryFailure('configuration', `cấu hình SMTP_USER/SMTP_PASS: ${label}`, 'SMTP_USER');
  if (CERTIFICATE.test(text))
    return new DeliveryFailure(
      'configuration',
      `cấu hình SMTP_CA: chứng chỉ máy chủ thư không tin cậy (${label})`,
      'SMTP_CA',
    );
  if (e.code === 'ETLS')
    return new DeliveryFailure(
      'configuration',
      `cấu hình SMTP_HOST: máy chủ thư không cho STARTTLS, mật khẩu không được gửi không mã hoá (${label})`,
      'SMTP_HOST',
    );
  if (e.code === 'ESOCKET' && TLS_RECORD.test(text))
    return new DeliveryFailure(
      'configuration',
      `cấu hình SMTP_SECURE: không bắt tay TLS được (${label})`,
      'SMTP_SECURE',
    );
  if (/ENOTFOUND/.test(text))
    return new DeliveryFailure(
      'configuration',
      `cấu hình SMTP_HOST: không tìm thấy máy chủ thư (${label})`,
      'SMTP_HOST',
    );
  // Refused, reset, timed out, DNS hiccup: the relay may be back in a moment.
  return new DeliveryFailure('transient', label);
}
