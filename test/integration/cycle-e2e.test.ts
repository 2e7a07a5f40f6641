import fs from 'node:fs';
import path from 'node:path';
import { addDays, vnDateOf, vnDateTime } from '../../domain/calendar/dates';
import { startAppStack, until, type AppStack } from '../support/app-stack';
import { agenciesYaml, department, STP_AND_SYT } from '../support/agencies-yaml';

// The README's drill, end to end, as an office would run it: the real Temporal dev server, a real
// worker, real PostgreSQL and a real SMTP server, driven through the CLI. The deadline is ~60 s
// away, steps of 10 s: reminder 10 s before, overdue notice ~2 s after, escalations 10 s apart,
// consolidation, a late report after it, the final close. Then the drill is purged and the real
// cycle of the same year and period opens by its schedule, with no trace of the drill.
const YEAR = 2028;
const PERIOD = 'Q1';

const AGENCIES_YAML = agenciesYaml([...STP_AND_SYT, department('SCT', 'Sở Công Thương')]);

interface StatusJson {
  key: string;
  status: string;
  drill?: number;
  agencies: { agency: string; state: string; receiptNumber: string | null; escalationLevel: number }[];
  totals: Record<string, number>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A minute as officials read it in a table cell or a receipt: `16/03/2027 08:00`. */
const MINUTE = String.raw`\d\d/\d\d/\d{4} \d\d:\d\d`;
/** The words a table says a state or status in; never the codes. */
const CODES = /\b(OPEN|CONSOLIDATED|CLOSED|PENDING|OVERDUE|EXEMPT|SUBMITTED_ON_TIME|SUBMITTED_LATE)\b/;

describe('the README drill end to end, purged, then the real cycle by its schedule', () => {
  let stack: AppStack;
  const cli = (...args: string[]) => stack.cli(...args);
  const period = ['--year', String(YEAR), '--period', PERIOD];
  const drill = [...period, '--drill', '1'];
  const DRILL_KEY = `CCHC-${YEAR}-${PERIOD}-DT1`;
  const REAL_KEY = `CCHC-${YEAR}-${PERIOD}`;

  beforeAll(async () => {
    stack = await startAppStack('cycle');
  });
  afterAll(async () => {
    // The real cycle of the year and its schedule stay behind on the shared dev server otherwise.
    await stack?.cleanUp({ cycleKeys: [REAL_KEY], scheduleYears: [YEAR] });
    await stack?.close();
  });

  const subjectsTo = (address: string) =>
    stack.smtp.messages.filter((m) => m.envelope.to.includes(address)).map((m) => m.parsed?.subject ?? '');
  async function runningOf(key: string): Promise<string[]> {
    const ids: string[] = [];
    for await (const wf of stack.client.workflow.list({
      query: `CchcCycle = "${key}" AND ExecutionStatus = "Running"`,
    }))
      ids.push(wf.workflowId);
    return ids.sort();
  }

  const status = async (...target: string[]) =>
    JSON.parse((await cli('cycle', 'status', ...target, '--json')).stdout) as StatusJson;

  it('runs the drill to its final close, purges it, and the real cycle opens untouched', async () => {
    const agenciesFile = path.join(stack.tmp, 'agencies.yaml');
    fs.writeFileSync(agenciesFile, AGENCIES_YAML);
    expect((await cli('agencies', 'import', agenciesFile)).code).toBe(0);
    expect((await cli('schedule', 'apply', '--year', String(YEAR))).code).toBe(0);

    const dueAt = new Date(Date.now() + 60_000); // every CLI call is a process: minutes on a loaded machine
    const started = await cli(
      'drill',
      'start',
      ...period,
      '--due',
      dueAt.toISOString(),
      '--step',
      '10s',
      '--json',
    );
    expect(started.stderr).toBe('');
    expect(JSON.parse(started.stdout)).toMatchObject({
      workflowId: `cycle-${DRILL_KEY}`,
      drill: 1,
    });

    // Opening notices to the four focal points, marked as a drill.
    await stack.smtp.waitForMessages(4, 30_000);
    expect(subjectsTo('daumoi@stp.example')).toEqual([
      expect.stringMatching(/^\[DIỄN TẬP\].*Quý I năm 2028/),
    ]);

    // STP reports, signed yesterday, with its file checksummed; then the same document again (one
    // receipt): the same number logged without --file and without --signed is the same document,
    // its signing date the one it was logged with.
    const reportFile = path.join(stack.tmp, 'bao-cao-stp.pdf');
    const signedYesterday = addDays(vnDateOf(Date.now()), -1);
    fs.writeFileSync(reportFile, 'báo cáo CCHC quý I của Sở Tư pháp');
    const submitStp = (...extra: string[]) =>
      cli('cycle', 'submit', ...drill, '--agency', 'STP', '--doc', '15/BC-STP', ...extra, '--json');
    const submitted = await until(
      'the first submission',
      () => submitStp('--file', reportFile, '--signed', signedYesterday),
      (r) => r.code === 0 || !/không tham gia|chưa/.test(r.stderr), // the fan-out is a moment behind the start
    );
    expect(submitted.stderr).toBe('');
    expect(JSON.parse(submitted.stdout)).toMatchObject({
      receiptNumber: `TN-${DRILL_KEY}-STP-1`,
      onTime: true,
      duplicate: false,
    });
    // The same number again, this time without the file or the date: the same document, not a correction.
    expect(JSON.parse((await submitStp()).stdout)).toMatchObject({
      receiptNumber: `TN-${DRILL_KEY}-STP-1`,
      duplicate: true,
      signedDate: signedYesterday,
      version: 1,
    });

    expect(
      (await cli('cycle', 'exempt', ...drill, '--agency', 'SCT', '--reason', 'Sắp xếp tổ chức bộ máy')).code,
    ).toBe(0);
    const bad = [
      await cli('cycle', 'submit', ...drill, '--agency', 'NOPE', '--doc', '1/BC-X'),
      await cli('cycle', 'submit', ...drill, '--agency', 'SYT', '--doc', 'báo cáo'),
      await cli(
        'cycle',
        'submit',
        ...drill,
        '--agency',
        'SYT',
        '--doc',
        '1/BC-SYT',
        '--signed',
        '2028-02-30',
      ),
      await cli('cycle', 'submit', ...drill, '--agency', 'SCT', '--doc', '1/BC-SCT'),
      await cli('cycle', 'submit', ...period, '--agency', 'SYT', '--doc', '1/BC-SYT'),
    ];
    expect(bad.map((r) => [r.code, r.stderr.trim().split('\n').length])).toEqual(bad.map(() => [1, 1]));
    expect(bad.map((r) => r.stderr.trim())).toEqual([
      'Lỗi: --agency: không có đơn vị mã NOPE (cchc agencies list)',
      expect.stringMatching(/^Lỗi: --doc: số văn bản phải có dạng/),
      expect.stringMatching(/^Lỗi: --signed: /),
      'Lỗi: không chấp nhận: đơn vị đã được miễn báo cáo kỳ này',
      `Lỗi: --period: chưa có kỳ Q1 năm ${YEAR} (CCHC) (cchc cycle start)`, // the real cycle is not open yet
    ]);

    // After the deadline: SYT and SNV are overdue, for `cchc overdue` and for a visibility query.
    await sleep(Math.max(0, dueAt.getTime() + 5_000 - Date.now()));
    const overdueIds = await until(
      'overdue reports',
      async () => {
        const ids: string[] = [];
        for await (const wf of stack.client.workflow.list({
          query: `CchcKind = "report" AND CchcState = "OVERDUE" AND CchcCycle = "${DRILL_KEY}" AND ExecutionStatus = "Running"`,
        }))
          ids.push(wf.workflowId);
        return ids.sort();
      },
      (ids) => ids.length === 2,
      20_000,
    );
    expect(overdueIds).toEqual([`report-${DRILL_KEY}-SNV`, `report-${DRILL_KEY}-SYT`]);
    const overdue = (JSON.parse((await cli('overdue', '--json')).stdout) as { rows: { agency: string }[] })
      .rows;
    expect(overdue.map((o) => o.agency).sort()).toEqual(['SNV', 'SYT']);
    // As text: the drill's key, names, the due minute, minutes late, the focal point.
    const due = vnDateTime(dueAt.getTime());
    const overdueText = (await cli('overdue')).stdout.trimEnd().split('\n');
    expect(overdueText[0]).toMatch(/^Kỳ\s+Mã\s+Đơn vị\s+Hạn\s+Trễ\s+Vượt cấp\s+Đầu mối$/);
    expect(overdueText.slice(2, -2).sort()).toEqual([
      expect.stringMatching(
        new RegExp(
          `^${DRILL_KEY} \\(diễn tập\\)\\s+SNV\\s+Sở Nội vụ\\s+${due}\\s+\\d+ phút\\s+(cấp \\d\\s+)?Đầu mối SNV \\(giả định\\), daumoi@snv\\.example$`,
        ),
      ),
      expect.stringMatching(
        new RegExp(
          `^${DRILL_KEY} \\(diễn tập\\)\\s+SYT\\s+Sở Y tế\\s+${due}\\s+\\d+ phút\\s+(cấp \\d\\s+)?Đầu mối SYT \\(giả định\\), daumoi@syt\\.example$`,
        ),
      ),
    ]);
    expect(overdueText.at(-1)).toBe('Tổng: 2 đơn vị quá hạn.');

    // Consolidation: the summary to UBND tỉnh, then the cycle is CONSOLIDATED, not closed.
    await until(
      'the summary',
      async () => subjectsTo('vanthu@ubnd.example'),
      (s) => s.length === 1,
    );
    expect(subjectsTo('vanthu@ubnd.example')[0]).toMatch(/^\[DIỄN TẬP\]/);
    const consolidated = await until(
      'consolidated',
      () => status(...drill),
      (s) => s.status !== 'OPEN',
      20_000,
    );
    expect(consolidated.status).toBe('CONSOLIDATED');

    // SNV reports after the summary: taken, late by minutes (a drill) against the due minute, with a receipt.
    const late = await cli('cycle', 'submit', ...drill, '--agency', 'SNV', '--doc', '20/BC-SNV');
    expect(late.stderr).toBe('');
    expect(late.stdout.trimEnd()).toMatch(
      new RegExp(
        `^Đã tiếp nhận báo cáo của SNV: biên nhận TN-${DRILL_KEY}-SNV-1, lúc ${MINUTE}, trễ \\d+ phút \\(hạn ${due}\\)\\.$`,
      ),
    );
    // SYT never reports: still listed as overdue after the summary.
    expect(
      (JSON.parse((await cli('overdue', '--json')).stdout) as { rows: { agency: string }[] }).rows.map(
        (o) => o.agency,
      ),
    ).toEqual(['SYT']);
    expect((await cli('overdue')).stdout.trimEnd().split('\n').at(-1)).toBe('Tổng: 1 đơn vị quá hạn.');

    // The final close (by the drill's own timing): the record is final, nothing runs any more.
    const final = await until(
      'the final close',
      () => status(...drill),
      (s) => s.status === 'CLOSED',
      120_000,
    );
    expect(final).toMatchObject({
      drill: 1,
      totals: { agencies: 4, SUBMITTED_ON_TIME: 1, SUBMITTED_LATE: 1, OVERDUE: 1, EXEMPT: 1 },
    });
    expect(final.agencies.find((a) => a.agency === 'SYT')!.escalationLevel).toBe(2);
    // As text: names, states in words, the due minute, minutes late, the level, the focal point.
    const statusText = (await cli('cycle', 'status', ...drill)).stdout.trimEnd().split('\n');
    expect(statusText[0]).toMatch(
      new RegExp(
        `^${DRILL_KEY} \\(cycle-${DRILL_KEY}\\): đã kết thúc \\(chốt sổ\\); hạn nộp ${due} \\(diễn tập\\); kết thúc kỳ ${MINUTE}$`,
      ),
    );
    const unitRow = (code: string) => statusText.find((l) => l.startsWith(`${code} `)) ?? '';
    expect(unitRow('STP')).toMatch(
      new RegExp(
        `^STP\\s+Sở Tư pháp\\s+đã nộp đúng hạn\\s+${due}\\s+${MINUTE}\\s+TN-${DRILL_KEY}-STP-1\\s+Đầu mối STP`,
      ),
    );
    expect(unitRow('SNV')).toMatch(
      new RegExp(`^SNV\\s+Sở Nội vụ\\s+đã nộp trễ hạn\\s+${due}\\s+${MINUTE}\\s+TN-${DRILL_KEY}-SNV-1\\s+`),
    );
    expect(unitRow('SYT')).toMatch(
      new RegExp(
        `^SYT\\s+Sở Y tế\\s+quá hạn\\s+${due}\\s+\\d+ phút\\s+cấp 2\\s+Đầu mối SYT \\(giả định\\), daumoi@syt\\.example$`,
      ),
    );
    expect(unitRow('SCT')).toMatch(/^SCT\s+Sở Công Thương\s+được miễn\s+/);
    expect(statusText.at(-1)).toBe(
      'Tổng: 4 đơn vị; chưa nộp: 0; đã nộp đúng hạn: 1; đã nộp trễ hạn: 1; quá hạn: 1; được miễn: 1',
    );
    // The drill's own status, and the list of the period's drills, in words too.
    const drillText = (await cli('drill', 'status', ...drill)).stdout;
    expect(drillText).toMatch(
      new RegExp(`^Diễn tập ${DRILL_KEY}: đã kết thúc \\(chốt sổ\\); hạn nộp ${due}\n`),
    );
    expect(drillText).toMatch(/\nSYT\s+Sở Y tế\s+quá hạn\s+\d+ phút\s+cấp 2\n/);
    expect(drillText).toMatch(/\nSCT\s+Sở Công Thương\s+được miễn\s/);
    const drills = (await cli('drill', 'status', ...period)).stdout;
    expect(drills).toMatch(
      new RegExp(`\\n1\\s+${DRILL_KEY}\\s+${due}\\s+đã kết thúc \\(chốt sổ\\)\\s+${MINUTE}\\n?$`),
    );
    for (const text of [statusText.join('\n'), drillText, drills]) expect(text).not.toMatch(CODES);
    expect(
      await until(
        'no drill workflow running',
        () => runningOf(DRILL_KEY),
        (ids) => ids.length === 0,
        30_000,
      ),
    ).toEqual([]);
    const afterClose = await cli('cycle', 'submit', ...drill, '--agency', 'SYT', '--doc', '9/BC-SYT');
    expect(afterClose.code).toBe(1);
    expect(afterClose.stderr.trim()).toMatch(/^Lỗi: .*đã kết thúc|^Lỗi: .*đã đóng/);

    // Every drill message carries the mark; SYT's head got the overdue notice; the desk heard of SYT.
    const drillMail = stack.smtp.messages.map((m) => m.parsed?.subject ?? '');
    expect(drillMail.length).toBeGreaterThan(8);
    expect(drillMail.filter((s) => !s.startsWith('[DIỄN TẬP]'))).toEqual([]);
    expect(subjectsTo('giamdoc@syt.example')).toEqual(
      expect.arrayContaining([expect.stringMatching(/quá hạn/i)]),
    );
    const escalation = stack.smtp.messages.find((m) => m.envelope.to.includes('phongcchc@snv.example'))!;
    expect(escalation.parsed!.text).toContain('Sở Y tế');
    const submission = await stack.database.db.submission.findFirstOrThrow({
      where: { receiptNumber: `TN-${DRILL_KEY}-STP-1` },
    });
    expect(submission).toMatchObject({
      documentNumber: '15/BC-STP',
      onTime: true,
      attachmentRef: reportFile,
    });
    expect(submission.attachmentSha256).toMatch(/^[0-9a-f]{64}$/);

    // Purge: no workflow, history or row of the drill is left.
    const purged = await cli('drill', 'purge', ...drill);
    expect(purged.stderr).toBe('');
    expect(purged.code).toBe(0);
    // The server deletes executions (and their visibility records) in the background: on a loaded
    // machine that took over 30 s once (a CI run beside two fault runs), so up to two minutes here.
    const listed = async () => {
      const ids: string[] = [];
      for await (const wf of stack.client.workflow.list({ query: `CchcCycle = "${DRILL_KEY}"` }))
        ids.push(wf.workflowId);
      return ids;
    };
    expect(await until('the drill deleted', listed, (ids) => ids.length === 0, 120_000)).toEqual([]);
    await expect(stack.client.workflow.getHandle(`cycle-${DRILL_KEY}`).describe()).rejects.toThrow(
      /not found/i,
    );
    expect(await stack.database.db.reportingCycle.count()).toBe(0);
    expect(await stack.database.db.submission.count()).toBe(0);
    expect(await stack.database.db.notification.count()).toBe(0);
    stack.smtp.messages.length = 0;

    // The real cycle of the same year and period opens by its schedule trigger.
    const triggered = await cli('schedule', 'trigger', ...period);
    expect(triggered.stderr).toBe('');
    expect(triggered.code).toBe(0);
    const real = await until(
      'the real cycle open',
      () => status(...period).catch(() => undefined as unknown as StatusJson),
      (s) => s?.agencies?.length === 4,
      60_000,
    );
    expect(real).toMatchObject({ key: REAL_KEY, status: 'OPEN' });
    expect(real.drill || 0).toBe(0);
    expect(real.agencies.map((a) => [a.agency, a.state, a.receiptNumber, a.escalationLevel])).toEqual([
      ['SCT', 'PENDING', null, 0],
      ['SNV', 'PENDING', null, 0],
      ['STP', 'PENDING', null, 0],
      ['SYT', 'PENDING', null, 0],
    ]);
    // As text: the real cycle's deadline is a day (hết ngày dd/mm/yyyy), its units owe their reports.
    const realText = (await cli('cycle', 'status', ...period)).stdout.trimEnd().split('\n');
    expect(realText[0]).toMatch(
      new RegExp(
        `^${REAL_KEY} \\(cycle-${REAL_KEY}\\): đang nhận báo cáo; hạn nộp hết ngày \\d\\d/\\d\\d/${YEAR}(;|$)`,
      ),
    );
    expect(realText.find((l) => l.startsWith('SYT '))).toMatch(
      new RegExp(
        `^SYT\\s+Sở Y tế\\s+chưa nộp\\s+hết ngày \\d\\d/\\d\\d/${YEAR}\\s+Đầu mối SYT \\(giả định\\), daumoi@syt\\.example$`,
      ),
    );
    expect(realText.join('\n')).not.toMatch(/diễn tập|phút/);
    expect(realText.join('\n')).not.toMatch(CODES);
    await stack.smtp.waitForMessages(4, 30_000);
    expect(
      stack.smtp.messages.map((m) => m.parsed?.subject ?? '').filter((s) => s.includes('DIỄN TẬP')),
    ).toEqual([]);
    const rows = await stack.database.db.notification.findMany({
      select: { workflowId: true, purpose: true },
    });
    expect(rows.filter((r) => r.workflowId.includes('-DT'))).toEqual([]);
    expect(await stack.database.db.submission.count()).toBe(0);
    const stp = await cli('cycle', 'submit', ...period, '--agency', 'STP', '--doc', '15/BC-STP', '--json');
    expect(JSON.parse(stp.stdout)).toMatchObject({ receiptNumber: `TN-${REAL_KEY}-STP-1`, duplicate: false });
  }, 420_000);
});
