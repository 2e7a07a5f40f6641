// Channels: one folder each, registered in registry.ts. The notify activity uses nothing else.

export { CHANNEL_NAMES, channelRegistryOf, createChannelRegistry, type ChannelRegistry } from './registry';
export {
  createEmailChannel,
  mailOptions,
  messageIdFor,
  smtpConnectionOptions,
  type SmtpSettings,
} from './email';
export { classifySmtpError } from './email/classify';
export {
  createCaptureTransport,
  createEsmsTransport,
  createSmsChannel,
  createSmsTransport,
  createWebhookTransport,
  requestIdFor,
} from './sms';
export { describeError, redactContacts } from './redact';
export * from './types';
