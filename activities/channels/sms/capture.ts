import type { SmsTransport } from './transport';

// Development: nothing reaches a phone. The SMS is logged by contact id (never the number) and
// stored as the notification row's body.

export function createCaptureTransport(
  write: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
): SmsTransport {
  return {
    send({ content, contactId }) {
      write(`[sms capture] to contact #${contactId}: ${content}`);
      return Promise.resolve({ providerId: 'capture' });
    },
    check: () => Promise.resolve(),
  };
}
