import { SMS_MAX_SEGMENTS, SMS_MAX_SEPTETS, gsm7Segments, toSmsText } from '../sms-text';
import type { NotificationPurpose, TemplateData } from './schemas';
import { inspectionSms } from './sms-inspection';
import { reportingSms } from './sms-reporting';

// SMS as registered with the carrier: few, short and fixed wording, only codes, names, dates and
// numbers filled in; diacritics stripped. Details always stay in the email.

type SmsTemplate<P extends NotificationPurpose> = (
  d: TemplateData<P>,
  agency: string,
  budget: number,
) => string;

const templates: { [P in NotificationPurpose]: SmsTemplate<P> } = { ...reportingSms, ...inspectionSms };

/** Every SMS of a drill starts with it, so that it survives any cut. */
export const SMS_DRILL_MARK = 'DIEN TAP: ';

/**
 * The SMS for a purpose: within two GSM-7 segments, without diacritics, a drill's marked first.
 * An agency name too long for that is replaced by its code; anything still too long is cut with '...'.
 */
export function renderSms<P extends NotificationPurpose>(purpose: P, data: TemplateData<P>): string {
  const template = templates[purpose] as SmsTemplate<P>;
  const drill = 'cycle' in data && data.cycle.drill;
  const mark = drill ? SMS_DRILL_MARK : '';
  const budget = SMS_MAX_SEPTETS - mark.length;
  let text = '';
  for (const agency of [data.agency.name, data.agency.code]) {
    text = toSmsText(mark + template(data, toSmsText(agency), budget));
    if (gsm7Segments(text) <= SMS_MAX_SEGMENTS) return text;
  }
  while (gsm7Segments(`${text}...`) > SMS_MAX_SEGMENTS) text = text.slice(0, -1);
  return `${text.trimEnd()}...`;
}
