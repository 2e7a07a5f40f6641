import {
  DRILL_MARK,
  NOTIFICATION_PURPOSES,
  REPORTING_PURPOSES,
  escapeHtml,
  renderEmail,
  templateSchemas,
  type NotificationPurpose,
  type RenderedEmail,
  type TemplateData,
} from '../../domain/templates';
import { formatZodIssues } from '../../domain/zod-format';
import { SCENARIOS, fixturesFor, type Scenario } from './templates.fixtures';

// Every purpose's email, each reporting one in four scenarios (CCHC and KSTTHC, real and drill):
// what an official must find, in the regime's words, with one date format, marked when a drill.

const SLDTBXH = { code: 'SLDTBXH', name: 'Sở Lao động - Thương binh và Xã hội' };
const isReporting = (p: NotificationPurpose) => (REPORTING_PURPOSES as readonly string[]).includes(p);

export const dataFor = <P extends NotificationPurpose>(purpose: P, s: Scenario, agency = SLDTBXH) =>
  ({ ...fixturesFor(s)[purpose].payload, agency }) as TemplateData<P>;

/** The words of a part, as a reader sees them: tags, entities and layout marks gone. */
function words(part: string): string[] {
  return part
    .replace(/<head>[\s\S]*<\/head>/, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .split(/[\s|;:*]+/)
    .filter((w) => !['', '-', '--'].includes(w));
}

/** A date an official would misread: a day or month without its leading zero. */
const UNPADDED_DATE = /(?<![\d/])(\d\/\d{1,2}|\d{1,2}\/\d)\/\d{4}/;

function expectOfficialDates(email: RenderedEmail): void {
  for (const part of [email.subject, email.text, email.html]) {
    expect(part).not.toMatch(UNPADDED_DATE);
    expect(part).not.toMatch(/còn 0 ngày/);
  }
}

describe.each(NOTIFICATION_PURPOSES.map((p) => [p]))('%s email', (purpose) => {
  const scenarios = isReporting(purpose) ? SCENARIOS : [SCENARIOS[0]!];

  describe.each(scenarios.map((s) => [s.name, s]))('%s', (_name, scenario) => {
    const fixture = fixturesFor(scenario)[purpose];
    const email = renderEmail(purpose, dataFor(purpose, scenario));

    it('accepts its fixture and rejects a missing field or an unknown one, naming it', () => {
      const schema = templateSchemas[purpose];
      expect(schema.safeParse(fixture.payload).success).toBe(true);
      const required = isReporting(purpose) ? 'cycle' : 'year';
      const { [required]: _dropped, ...without } = fixture.payload as Record<string, unknown>;
      const missing = schema.safeParse(without);
      expect(formatZodIssues(missing.error!).join('\n')).toMatch(new RegExp(`^${required}:`, 'm'));
      const extra = schema.safeParse({ ...fixture.payload, phone: '0900000107' });
      expect(formatZodIssues(extra.error!).join('\n')).toContain('phone');
    });

    it('has a one-line subject an official would write, and both parts carry the facts', () => {
      expect(email.subject).not.toMatch(/[\r\n]/);
      for (const expected of fixture.subject) expect(email.subject).toContain(expected);
      for (const expected of fixture.body) {
        expect(email.text).toContain(expected);
        expect(email.html).toContain(escapeHtml(expected));
      }
      if (fixture.namesAgency) {
        expect(email.text).toContain(SLDTBXH.name);
        expect(email.html).toContain(SLDTBXH.name);
      }
      expect(email.html).toMatch(/^<!DOCTYPE html>\n<html lang="vi">/);
    });

    it('says the same thing in its HTML and its text part', () => {
      expect(words(email.html)).toEqual(words(email.text));
    });

    it('writes every date dd/mm/yyyy and never counts "còn 0 ngày"', () => {
      expectOfficialDates(email);
    });

    if (isReporting(purpose)) {
      const c = scenario.cycle;
      it(`speaks the regime's words (${c.regime}) and signs as its collector`, () => {
        const prefix = c.drill ? `${DRILL_MARK} [${c.regime}] ` : `[${c.regime}] `;
        expect(email.subject.startsWith(prefix)).toBe(true);
        expect(email.subject).toContain(scenario.report);
        expect(email.text).toContain(`Trân trọng,\n${c.signature}\n`);
        expect(email.html).toContain(escapeHtml(c.signature));
        expect(email.text).toContain(`liên hệ ${c.deskName}.`);
        if (c.regime !== 'CCHC') {
          for (const part of [email.subject, email.text, email.html]) {
            expect(part).not.toContain('Sở Nội vụ');
            expect(part).not.toContain('CCHC');
          }
        }
      });

      it(
        c.drill ? 'is marked a drill in its subject and at the top of its body' : 'is not marked a drill',
        () => {
          if (c.drill) {
            const notice = `ĐÂY LÀ THƯ DIỄN TẬP (${c.key})`;
            const greeting = email.text.indexOf('\n\n');
            expect(email.text.indexOf(notice)).toBe(greeting + 2 + '*** '.length);
            expect(email.html).toContain(escapeHtml(notice));
          } else {
            expect(`${email.subject}${email.text}`).not.toMatch(/DIỄN TẬP/);
          }
        },
      );
    } else {
      it('keeps the inspection wording: [CCHC] and Sở Nội vụ', () => {
        expect(email.subject).toMatch(/^\[CCHC\] \S/);
        expect(email.text).toContain('Trân trọng,\nSở Nội vụ tỉnh Đồng Tháp (Phòng Cải cách hành chính)\n');
        expect(email.text).toContain(
          'hệ thống theo dõi báo cáo và kiểm tra cải cách hành chính của Sở Nội vụ',
        );
      });
    }

    it('escapes every value in the HTML part and keeps it verbatim in the text part', () => {
      const hostile = 'Sở <script>alert("x")</script> & Co';
      // The consolidated messages name units in their lists, and every reporting one the regime's words.
      const json = JSON.stringify(dataFor(purpose, scenario, { code: 'STP', name: hostile })).replace(
        /Sở Tư pháp|Sở Y tế|Sở Nội vụ|Văn phòng UBND tỉnh/g,
        JSON.stringify(hostile).slice(1, -1),
      );
      const hostileEmail = renderEmail(purpose, JSON.parse(json) as TemplateData<typeof purpose>);
      expect(hostileEmail.html).not.toContain('<script>');
      expect(hostileEmail.html).toContain('Sở &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co');
      expect(hostileEmail.text).toContain(hostile);
    });
  });
});

it('never lets a value break the subject line', () => {
  const email = renderEmail('INSPECTION_NOTICE', {
    ...dataFor('INSPECTION_NOTICE', SCENARIOS[0]!),
    agency: { code: 'X', name: 'Sở\r\nBcc: a@b' },
  });
  expect(email.subject).toContain('Sở Bcc: a@b');
  expect(email.subject).not.toMatch(/[\r\n]/);
});
