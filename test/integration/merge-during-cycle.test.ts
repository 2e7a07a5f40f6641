import fs from 'node:fs';
import path from 'node:path';
import { vnDateOf } from '../../domain/calendar/dates';
import { startAppStack, until, type AppStack } from '../support/app-stack';
import { agenciesYaml, department } from '../support/agencies-yaml';

// A merge recorded with the CLI while a drill runs, as an office would do it: the real dev server,
// a real worker, PostgreSQL and an SMTP server. The running cycle is told at once; the merged units'
// reports still owed pass to the successor (EXEMPT, naming it), the one already given keeps its
// receipt, and the successor owes one report, told by an opening notice that says for whom.
const YEAR = 2029;

const AGENCIES_YAML = agenciesYaml([
  department('SNN', 'Sở Nông nghiệp', { head: false }),
  department('STNMT', 'Sở Tài nguyên và Môi trường', { head: false }),
  department('SCT', 'Sở Công Thương', { head: false }),
]);

interface StatusJson {
  agencies: { agency: string; state: string; receiptNumber: string | null }[];
  totals: Record<string, number>;
}

describe('a merge recorded while a drill runs (CLI, real servers)', () => {
  let stack: AppStack;
  const cli = (...args: string[]) => stack.cli(...args);
  const drill = ['--year', String(YEAR), '--period', 'Q1', '--drill', '1'];
  const KEY = `CCHC-${YEAR}-Q1-DT1`;

  beforeAll(async () => {
    stack = await startAppStack('merge');
  });
  afterAll(async () => {
    await stack?.cli('drill', 'cancel', ...drill).catch(() => undefined);
    await stack?.cli('drill', 'purge', ...drill).catch(() => undefined);
    await stack?.close();
  });

  const status = async () =>
    JSON.parse((await cli('drill', 'status', ...drill, '--json')).stdout) as StatusJson;
  const stateOf = (s: StatusJson) => Object.fromEntries(s.agencies.map((a) => [a.agency, a.state]));
  const mailTo = (address: string) => stack.smtp.messages.filter((m) => m.envelope.to.includes(address));

  it('carries the reports still owed to the successor, keeps the receipt given, and tells both sides', async () => {
    const agenciesFile = path.join(stack.tmp, 'agencies.yaml');
    fs.writeFileSync(agenciesFile, AGENCIES_YAML);
    expect((await cli('agencies', 'import', agenciesFile)).code).toBe(0);
    // The deadline is far enough away that no reminder falls within the test.
    const dueAt = new Date(Date.now() + 15 * 60_000);
    const started = await cli(
      'drill',
      'start',
      '--year',
      String(YEAR),
      '--period',
      'Q1',
      '--due',
      dueAt.toISOString(),
      '--step',
      '60s',
    );
    expect(started.code).toBe(0);
    await stack.smtp.waitForMessages(4, 60_000);

    // SCT reports before the merge.
    const submitted = await until(
      'the submission of SCT',
      () => cli('cycle', 'submit', ...drill, '--agency', 'SCT', '--doc', '3/BC-SCT', '--json'),
      (r) => r.code === 0 || !/không tham gia|chưa/.test(r.stderr),
    );
    expect(submitted.stderr).toBe('');

    // Today, SNN, STNMT and SCT merge into a new Sở Nông nghiệp và Môi trường (as on 1/3/2025).
    const today = vnDateOf(Date.now());
    const merged = await cli(
      'agencies',
      'merge',
      'SNN',
      'STNMT',
      'SCT',
      '--into',
      'SNNMT',
      '--name',
      'Sở Nông nghiệp và Môi trường',
      '--kind',
      'department',
      '--date',
      today,
    );
    expect(merged.stderr).toBe('');
    expect(merged.code).toBe(0);
    expect(merged.stdout).toContain(
      `Kỳ báo cáo ${KEY} đang chạy: báo cáo còn nợ của đơn vị sáp nhập chuyển cho SNNMT`,
    );

    const after = await until('the successor to be enrolled', status, (s) => stateOf(s).SNNMT === 'PENDING');
    expect(stateOf(after)).toEqual({
      SCT: 'SUBMITTED_ON_TIME',
      SNN: 'EXEMPT',
      SNNMT: 'PENDING',
      SNV: 'PENDING',
      STNMT: 'EXEMPT',
    });
    expect(after.agencies.find((a) => a.agency === 'SCT')!.receiptNumber).toBe(`TN-${KEY}-SCT-1`);

    // The successor's focal point (copied from SNN, the lead) is told for whom it reports; the
    // predecessors' focal points that their report has passed on.
    const opening = await until(
      'the successor’s opening notice',
      async () => mailTo('daumoi@snn.example').map((m) => m.parsed?.text ?? ''),
      (texts) => texts.some((t) => t.includes('thay cho')),
    );
    // The mailbox to send to is in the notice, though no workflow carries it (regimeForWorkflow).
    expect(opening.find((t) => t.includes('thay cho'))).toContain(
      'Địa chỉ nhận: phongcchc.snv@dongthap.example',
    );
    expect(opening.find((t) => t.includes('thay cho'))).toContain(
      'Sở Nông nghiệp và Môi trường gửi báo cáo kỳ này thay cho Sở Nông nghiệp, Sở Tài nguyên và Môi trường',
    );
    const exempted = await until(
      'the notice to STNMT',
      async () => mailTo('daumoi@stnmt.example').map((m) => m.parsed?.text ?? ''),
      (texts) => texts.length === 2,
    );
    expect(exempted[1]).toContain('Sáp nhập vào Sở Nông nghiệp và Môi trường (SNNMT)');
    // SCT, which had reported, got no notice of exemption.
    expect(mailTo('daumoi@sct.example').map((m) => m.parsed?.subject ?? '')).not.toContainEqual(
      expect.stringMatching(/miễn/i),
    );

    // Recording the same merge again changes nothing and moves nothing twice.
    const again = await cli('agencies', 'merge', 'SNN', 'STNMT', 'SCT', '--into', 'SNNMT', '--date', today);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('đã ghi nhận trước đó');
    const twice = await status();
    expect(twice.agencies.filter((a) => a.agency === 'SNNMT')).toHaveLength(1);
  }, 240_000);
});
