import { describeError } from '../redact';
import { ChannelCheckError } from '../types';
import type { PoolError } from './pool';
import type { SmtpSettings } from './index';

// The worker's start-up check of the relay: one connection, greeting, STARTTLS when required,
// login. Whatever fails is told as the one variable to fix.

export function smtpCheckError(err: unknown, smtp: SmtpSettings): ChannelCheckError {
  const e = (err ?? {}) as PoolError;
  const at = `${smtp.host}:${smtp.port}`;
  const detail = describeError(e);
  const text = `${e.code ?? ''} ${detail}`;
  if (/ENOTFOUND|EAI_AGAIN|EDNS/.test(text))
    return new ChannelCheckError('SMTP_HOST', `cannot resolve "${smtp.host}" (${detail})`);
  if (/ECONNREFUSED/.test(text))
    return new ChannelCheckError('SMTP_PORT', `nothing accepts connections at ${at}`);
  if (e.code === 'EAUTH' || e.responseCode === 535 || e.responseCode === 534)
    return new ChannelCheckError('SMTP_PASS', `the relay at ${at} refused SMTP_USER/SMTP_PASS (${detail})`);
  if (/certificate|self[- ]signed|altnames|unable to verify/i.test(detail))
    return new ChannelCheckError(
      'SMTP_CA',
      `the certificate of ${at} is not trusted (${detail}); set SMTP_CA to its CA file`,
    );
  if (e.code === 'ETLS' || e.command === 'STARTTLS')
    return new ChannelCheckError(
      'SMTP_HOST',
      `the relay at ${at} does not offer STARTTLS, which is required when SMTP_USER is set (credentials are never sent in clear): use its TLS port with SMTP_SECURE=true, or a relay that offers STARTTLS`,
    );
  if (
    smtp.secure &&
    /wrong version number|packet length|ssl3_get_record|unknown protocol|ESOCKET/i.test(text)
  )
    return new ChannelCheckError(
      'SMTP_SECURE',
      `SMTP_SECURE=true but ${at} does not speak TLS from the first byte (${detail}); use SMTP_SECURE=false for STARTTLS or plain ports`,
    );
  if (/Greeting never received/i.test(detail) && !smtp.secure)
    return new ChannelCheckError(
      'SMTP_SECURE',
      `no SMTP greeting from ${at} within 10 s; if it is an implicit-TLS port (465), set SMTP_SECURE=true`,
    );
  if (e.code === 'ETIMEDOUT') return new ChannelCheckError('SMTP_HOST', `no answer from ${at} (${detail})`);
  if (e.responseCode)
    return new ChannelCheckError('SMTP_HOST', `the relay at ${at} refused the connection: ${detail}`);
  return new ChannelCheckError('SMTP_HOST', `cannot open an SMTP session with ${at} (${detail})`);
}
