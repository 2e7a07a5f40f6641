import type { AppConfig } from '../../config';
import { createCaptureGateway } from './capture';
import { createEsmsGateway } from './esms';
import type { SmsGateway } from './gateway';
import { createWebhookGateway } from './webhook';

export { SmsDeliveryError, requestIdFor, type SmsGateway, type SmsMessage } from './gateway';
export { createCaptureGateway } from './capture';
export { createEsmsGateway } from './esms';
export { createWebhookGateway } from './webhook';

/** The gateway SMS_PROVIDER names: esms, webhook, or capture (the development default). */
export function createSmsGateway(sms: AppConfig['sms']): SmsGateway {
  switch (sms.provider) {
    case 'esms':
      return createEsmsGateway(sms);
    case 'webhook':
      return createWebhookGateway(sms);
    case 'capture':
      return createCaptureGateway();
  }
}
