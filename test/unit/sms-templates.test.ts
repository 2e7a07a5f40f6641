import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { SMS_MAX_SEGMENTS, gsm7Segments, isGsm7, toSmsText } from '../../domain/sms-text';
import {
  NOTIFICATION_PURPOSES,
  renderSms,
  type NotificationPurpose,
  type TemplateData,
} from '../../domain/templates';
import { FIXTURES } from './templates.fixtures';

// Every SMS fits in two GSM-7 segments without diacritics, for every unit of the seed files
// (today's province and the 2022 set).

const agencies = ['agencies-2025.yaml', 'agencies-2022.yaml'].flatMap((file) =>
  (
    parse(fs.readFileSync(path.resolve(__dirname, '../../prisma/seed', file), 'utf8')) as {
      agencies: { code: string; name: string }[];
    }
  ).agencies.map(({ code, name }) => ({ code, name })),
);
const longest = agencies.reduce((a, b) => (toSmsText(b.name).length > toSmsText(a.name).length ? b : a));
const SLDTBXH = agencies.find((a) => a.code === 'SLDTBXH_DT')!;

const PERIODS = ['Q1', 'H1', 'Q3', 'YEAR'];
const withPeriod = (payload: object, period: string) =>
  'period' in payload ? { ...payload, period } : payload;
const dataFor = <P extends NotificationPurpose>(
  purpose: P,
  agency: { code: string; name: string },
  period = 'Q1',
) => ({ ...withPeriod(FIXTURES[purpose].payload, period), agency }) as TemplateData<P>;

function expectSendable(text: string): void {
  expect(isGsm7(text)).toBe(true);
  expect(text).toMatch(/^[\x20-\x7e]+$/); // plain ASCII: no diacritics, no extension characters
  expect(gsm7Segments(text)).toBeLessThanOrEqual(SMS_MAX_SEGMENTS);
}

describe('SMS templates', () => {
  it('the seed file has the agencies this test reasons about', () => {
    expect(agencies.length).toBeGreaterThanOrEqual(140);
    expect(SLDTBXH.name).toBe('Sở Lao động - Thương binh và Xã hội');
    expect(toSmsText(longest.name).length).toBeGreaterThanOrEqual(toSmsText(SLDTBXH.name).length);
  });

  describe.each(NOTIFICATION_PURPOSES.map((p) => [p]))('%s', (purpose) => {
    it.each(PERIODS)('fits two segments for every seed agency, period %s', (period) => {
      for (const agency of agencies) expectSendable(renderSms(purpose, dataFor(purpose, agency, period)));
    });

    it(`names the longest agency (${longest.name}) and SLDTBXH in full, without diacritics`, () => {
      for (const agency of [longest, SLDTBXH]) {
        const text = renderSms(purpose, dataFor(purpose, agency, 'H1'));
        expectSendable(text);
        if (FIXTURES[purpose].namesAgency) expect(text).toContain(toSmsText(agency.name));
      }
    });

    it('stays within two segments with the longest values the schema allows', () => {
      const label = 'Kỳ báo cáo định kỳ theo Nghị định 09/2019/NĐ-CP của Chính phủ'.slice(0, 60);
      const agency = { code: 'H_CHAUTHANH', name: `${longest.name} và ${longest.name} và ${longest.name}` };
      const data = {
        ...dataFor(purpose, agency),
        ...('period' in FIXTURES[purpose].payload ? { periodLabel: label } : {}),
      };
      const text = renderSms(purpose, data as TemplateData<typeof purpose>);
      expectSendable(text);
    });
  });

  it('reads as registered: short, fixed wording with the facts filled in', () => {
    expect(renderSms('REPORT_REMINDER', dataFor('REPORT_REMINDER', SLDTBXH))).toBe(
      'So Lao dong - Thuong binh va Xa hoi: han gui bao cao CCHC Quy I nam 2022 ve So Noi vu la 16/3/2022 ' +
        '(con 3 ngay lam viec). De nghi gui dung han. Neu da gui, xin bo qua tin nay.',
    );
    expect(
      renderSms('REPORT_OVERDUE', dataFor('REPORT_OVERDUE', { code: 'STP', name: 'Sở Tư pháp' }, 'Q3')),
    ).toBe(
      'So Tu phap: chua gui bao cao CCHC Quy III nam 2022 (han 16/9/2022), da cham 2 ngay lam viec. ' +
        'De nghi Thu truong don vi chi dao gui ngay ve So Noi vu.',
    );
  });

  it('falls back to the agency code when a name would not fit', () => {
    const agency = { code: 'H_CHAUTHANH', name: 'Ủy ban nhân dân '.repeat(20) };
    const text = renderSms('REPORT_REMINDER', dataFor('REPORT_REMINDER', agency));
    expect(text.startsWith('H_CHAUTHANH: han gui bao cao CCHC')).toBe(true);
  });

  it('lists as many late agencies as fit, then counts the rest', () => {
    const lateAgencies = agencies
      .filter((a) => !a.code.startsWith('UBND_TINH'))
      .map((a) => ({ code: a.code, dueDate: '2022-03-16', workingDaysLate: 12 }));
    const text = renderSms('ESCALATION_SNV', { ...dataFor('ESCALATION_SNV', SLDTBXH), lateAgencies });
    expectSendable(text);
    expect(text).toMatch(new RegExp(`^So Noi vu: ${lateAgencies.length} don vi chua gui bao cao CCHC`));
    const [first, second] = lateAgencies;
    expect(text).toMatch(
      new RegExp(
        `da qua han: ${first!.code} \\(12 ngay\\), ${second!.code} \\(12 ngay\\), .* va \\d+ don vi khac\\. Chi tiet trong email\\.$`,
      ),
    );
  });
});
