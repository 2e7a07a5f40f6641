import type { SmsGateway } from './gateway';

// Development: nothing reaches a phone. The SMS is logged here and stored as the notification row's body.

export function createCaptureGateway(
  write: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
): SmsGateway {
  return {
    send({ phone, content, requestId }) {
      write(`[sms capture] to ${phone} (${requestId}): ${content}`);
      return Promise.resolve({ providerId: 'capture' });
    },
  };
}
