import fs from 'node:fs';
import path from 'node:path';
import { loadRegime } from '../../config/regimes';
import { vnDateOf } from '../../domain/calendar/dates';
import { regimeForWorkflow, type Regime } from '../../domain/regime';
import { formatDate } from '../../domain/templates/format';
import { startAppStack, until, type AppStack } from '../support/app-stack';
import { agenciesYaml, STP_AND_SYT } from '../support/agencies-yaml';

// Two regimes in the same year and period, side by side, through the CLI: the real dev server, a
// real worker, PostgreSQL and an SMTP server. The CCHC report (to Sở Nội vụ) and the KSTTHC report
// (to Văn phòng UBND tỉnh) each get their own schedules, cycle, report workflows, opening notices,
// receipts and states; nothing done in one shows in, or changes, the other.
const YEAR = 2037;
const PERIOD = 'Q1';

/** Văn phòng UBND tỉnh, the collector of the second regime. */
const VPUBND = `  - code: VPUBND
    name: Văn phòng UBND tỉnh
    kind: department
    contacts:
      - { role: focal_point, name: Phòng Kiểm soát TTHC (giả định), email: kiemsoattthc@vpubnd.example }
      - { role: head, name: Chánh Văn phòng UBND tỉnh (giả định), email: chanhvanphong@vpubnd.example }
`;

const AGENCIES_YAML = agenciesYaml([VPUBND, ...STP_AND_SYT]);

interface StatusJson {
  key: string;
  workflowId: string;
  regime: string;
  year: number;
  period: string;
  drill: number;
  status: string;
  agencyDueAt: string;
  agencies: {
    agency: string;
    state: string;
    receiptNumber: string | null;
    exemptReason: string | null;
  }[];
  totals: Record<string, number>;
}
interface ApplyJson {
  year: number;
  schedules: { scheduleId: string; period: string; outcome: string; exists: boolean }[];
  created: number;
  updated: number;
  unchanged: number;
  past: number;
}
interface ScheduleJson {
  scheduleId: string;
  year: number;
  period: string;
  paused: boolean;
  actionsTaken: number;
}

describe('two regimes in the same year and period (CLI, real servers)', () => {
  let stack: AppStack;
  const cli = (...args: string[]) => stack.cli(...args);
  const year = ['--year', String(YEAR)];
  const period = [...year, '--period', PERIOD];
  const cchc = period; // the default regime
  const kstthc = [...period, '--regime', 'KSTTHC'];
  const CCHC_KEY = `CCHC-${YEAR}-${PERIOD}`;
  const KSTTHC_KEY = `KSTTHC-${YEAR}-${PERIOD}`;

  beforeAll(async () => {
    stack = await startAppStack('two-regimes');
  });
  afterAll(async () => {
    await stack?.cleanUp({ cycleKeys: [CCHC_KEY, KSTTHC_KEY], scheduleYears: [YEAR] });
    await stack?.close();
  });

  const json = async <T>(...args: string[]): Promise<T> => {
    const r = await cli(...args, '--json');
    if (r.code !== 0) throw new Error(`cchc ${args.join(' ')}: ${r.stderr}`);
    return JSON.parse(r.stdout) as T;
  };
  const status = (target: string[]) =>
    json<StatusJson>('cycle', 'status', ...target).catch(() => undefined as StatusJson | undefined);
  const statesOf = (s: StatusJson | undefined) =>
    Object.fromEntries((s?.agencies ?? []).map((a) => [a.agency, a.state]));
  const scheduleIds = async (...filter: string[]) =>
    (await json<ScheduleJson[]>('schedule', 'list', ...year, ...filter)).map((s) => s.scheduleId).sort();
  const subjectsTo = (address: string) =>
    stack.smtp.messages.filter((m) => m.envelope.to.includes(address)).map((m) => m.parsed?.subject ?? '');
  const mailTo = (address: string, subject: RegExp) =>
    stack.smtp.messages.filter(
      (m) => m.envelope.to.includes(address) && subject.test(m.parsed?.subject ?? ''),
    );
  async function workflowsOf(key: string): Promise<string[]> {
    const ids: string[] = [];
    for await (const wf of stack.client.workflow.list({
      query: `CchcCycle = "${key}" AND ExecutionStatus = "Running"`,
    }))
      ids.push(wf.workflowId);
    return ids.sort();
  }

  // The steps below run in order on one world (one database, one dev server): each starts where the
  // one before it left off, so that a failure names the step where the regimes met.
  const CCHC_SCHEDULES = ['H1', 'Q1', 'Q3', 'YEAR'].map((p) => `cycle-schedule-CCHC-${YEAR}-${p}`);
  const KSTTHC_SCHEDULES = ['Q1', 'Q2', 'Q3', 'Q4'].map((p) => `cycle-schedule-KSTTHC-${YEAR}-${p}`);
  /** What a schedule's launcher is given, as the server returns it. */
  const argsOf = (d: { action: unknown }) =>
    (d.action as { args?: { ref: unknown; regime: Regime }[] }).args?.[0];
  /** A regime as it comes back from the server (JSON, so no undefined fields). */
  /** A regime as a schedule carries it: as JSON, without its submission mailbox (regimeForWorkflow). */
  const asStored = (r: Regime) => JSON.parse(JSON.stringify(regimeForWorkflow(r))) as Regime;

  it('applies each regime’s schedules apart; applying one leaves the other’s as they were', async () => {
    const agenciesFile = path.join(stack.tmp, 'agencies.yaml');
    fs.writeFileSync(agenciesFile, AGENCIES_YAML);
    expect((await cli('agencies', 'import', agenciesFile)).code).toBe(0);

    const cchcApplied = await json<ApplyJson>('schedule', 'apply', ...year);
    expect(cchcApplied.schedules.map((s) => [s.scheduleId, s.outcome])).toEqual(
      ['Q1', 'H1', 'Q3', 'YEAR'].map((p) => [`cycle-schedule-CCHC-${YEAR}-${p}`, 'created']),
    );
    // Applying CCHC created nothing of KSTTHC's.
    expect(await scheduleIds('--regime', 'KSTTHC')).toEqual([]);

    // KSTTHC's own periods (regimes/KSTTHC.yaml: the four quarters), all new: none taken for CCHC's.
    const ksApplied = await json<ApplyJson>('schedule', 'apply', ...year, '--regime', 'KSTTHC');
    expect(ksApplied.schedules.map((s) => [s.scheduleId, s.outcome])).toEqual(
      ['Q1', 'Q2', 'Q3', 'Q4'].map((p) => [`cycle-schedule-KSTTHC-${YEAR}-${p}`, 'created']),
    );
    expect(ksApplied).toMatchObject({ created: 4, updated: 0, unchanged: 0 });

    // Each regime's list holds its own, the year's list both (the server's list is eventually consistent).
    expect(
      await until(
        'all schedules listed',
        () => scheduleIds(),
        (ids) => ids.length === 8,
      ),
    ).toEqual([...CCHC_SCHEDULES, ...KSTTHC_SCHEDULES].sort());
    expect(await scheduleIds('--regime', 'CCHC')).toEqual(CCHC_SCHEDULES);
    expect(await scheduleIds('--regime', 'KSTTHC')).toEqual(KSTTHC_SCHEDULES);

    // Each Q1 schedule starts its own launcher with its own regime, policy included.
    const cchcQ1 = await stack.client.schedule.getHandle(`cycle-schedule-CCHC-${YEAR}-${PERIOD}`).describe();
    const ksQ1 = stack.client.schedule.getHandle(`cycle-schedule-KSTTHC-${YEAR}-${PERIOD}`);
    const ksBefore = await ksQ1.describe();
    expect((cchcQ1.action as { workflowId: string }).workflowId).toBe(`open-cycle-${CCHC_KEY}`);
    expect((ksBefore.action as { workflowId: string }).workflowId).toBe(`open-cycle-${KSTTHC_KEY}`);
    expect(argsOf(cchcQ1)).toEqual({
      ref: { regime: 'CCHC', year: YEAR, period: PERIOD },
      regime: asStored(loadRegime('CCHC')),
      // The cycle's plan: its Web UI details and its lifetime when the launcher starts it.
      plan: expect.objectContaining({ finalCloseAt: expect.any(Number) }),
    });
    expect(argsOf(ksBefore)?.ref).toEqual({ regime: 'KSTTHC', year: YEAR, period: PERIOD });
    expect(argsOf(ksBefore)?.regime.collector.unit).toBe('VPUBND');
    // Its escalations go to VPUBND's own focal point and head, not to Sở Nội vụ's desk and director.
    expect(argsOf(ksBefore)?.regime.policy.escalations.map((e) => e.roles)).toEqual([
      ['focal_point'],
      ['head'],
    ]);
    expect(argsOf(ksBefore)?.regime.policy).toEqual(asStored(loadRegime('KSTTHC')).policy);

    // Applying CCHC again changes nothing, and leaves the KSTTHC schedules as they were.
    const cchcAgain = await json<ApplyJson>('schedule', 'apply', ...year);
    expect(cchcAgain).toMatchObject({ created: 0, updated: 0, unchanged: 4 });
    const ksAfter = await ksQ1.describe();
    expect(ksAfter.info.lastUpdatedAt?.getTime()).toBe(ksBefore.info.lastUpdatedAt?.getTime());
    expect(ksAfter.action).toEqual(ksBefore.action);
    expect(await json<ApplyJson>('schedule', 'apply', ...year, '--regime', 'KSTTHC')).toMatchObject({
      created: 0,
      updated: 0,
      unchanged: 4,
    });
  }, 180_000);

  it('opens each regime’s own cycle by its own schedule, enrolling its own units', async () => {
    const cchcTriggered = await json<Record<string, unknown>>('schedule', 'trigger', ...cchc);
    expect(cchcTriggered).toMatchObject({
      scheduleId: `cycle-schedule-CCHC-${YEAR}-${PERIOD}`,
      cycleWorkflowId: `cycle-${CCHC_KEY}`,
      outcome: 'started',
    });
    // The CCHC cycle being open does not make the KSTTHC one "already opened".
    const ksTriggered = await json<Record<string, unknown>>('schedule', 'trigger', ...kstthc);
    expect(ksTriggered).toMatchObject({
      scheduleId: `cycle-schedule-KSTTHC-${YEAR}-${PERIOD}`,
      cycleWorkflowId: `cycle-${KSTTHC_KEY}`,
      outcome: 'started',
    });

    // Each Q1 schedule ran once; no other schedule ran.
    const listed = await json<ScheduleJson[]>('schedule', 'list', ...year);
    const ran = listed
      .filter((s) => s.actionsTaken > 0)
      .sort((a, b) => a.scheduleId.localeCompare(b.scheduleId));
    expect(ran.map((s) => [s.scheduleId, s.actionsTaken])).toEqual([
      [`cycle-schedule-CCHC-${YEAR}-${PERIOD}`, 1],
      [`cycle-schedule-KSTTHC-${YEAR}-${PERIOD}`, 1],
    ]);

    // CCHC enrolls every department, VPUBND included; KSTTHC every department but its collector.
    const cchcOpen = (await until(
      'the CCHC cycle enrolled',
      () => status(cchc),
      (s) => s?.agencies.length === 4,
    ))!;
    const ksOpen = (await until(
      'the KSTTHC cycle enrolled',
      () => status(kstthc),
      (s) => s?.agencies.length === 3,
    ))!;
    expect(cchcOpen).toMatchObject({
      key: CCHC_KEY,
      workflowId: `cycle-${CCHC_KEY}`,
      regime: 'CCHC',
      status: 'OPEN',
    });
    expect(ksOpen).toMatchObject({
      key: KSTTHC_KEY,
      workflowId: `cycle-${KSTTHC_KEY}`,
      regime: 'KSTTHC',
      status: 'OPEN',
    });
    expect(statesOf(cchcOpen)).toEqual({ SNV: 'PENDING', STP: 'PENDING', SYT: 'PENDING', VPUBND: 'PENDING' });
    expect(statesOf(ksOpen)).toEqual({ SNV: 'PENDING', STP: 'PENDING', SYT: 'PENDING' });
    // Each under its own deadline: CCHC two working days after the cutoff (Saturday 14/03), KSTTHC
    // on day 18 of the period's last month.
    expect(vnDateOf(Date.parse(cchcOpen.agencyDueAt))).toBe(`${YEAR}-03-17`);
    expect(vnDateOf(Date.parse(ksOpen.agencyDueAt))).toBe(`${YEAR}-03-18`);

    // The workflows: one cycle and one report per enrolled unit, each under its own regime's key.
    expect(
      await until(
        'the CCHC workflows',
        () => workflowsOf(CCHC_KEY),
        (ids) => ids.length === 5,
      ),
    ).toEqual([
      `cycle-${CCHC_KEY}`,
      `report-${CCHC_KEY}-SNV`,
      `report-${CCHC_KEY}-STP`,
      `report-${CCHC_KEY}-SYT`,
      `report-${CCHC_KEY}-VPUBND`,
    ]);
    expect(
      await until(
        'the KSTTHC workflows',
        () => workflowsOf(KSTTHC_KEY),
        (ids) => ids.length === 4,
      ),
    ).toEqual([
      `cycle-${KSTTHC_KEY}`,
      `report-${KSTTHC_KEY}-SNV`,
      `report-${KSTTHC_KEY}-STP`,
      `report-${KSTTHC_KEY}-SYT`,
    ]);
    for (const id of [`report-${CCHC_KEY}-STP`, `report-${KSTTHC_KEY}-STP`])
      expect((await stack.client.workflow.getHandle(id).describe()).status.name).toBe('RUNNING');
    await expect(stack.client.workflow.getHandle(`report-${KSTTHC_KEY}-VPUBND`).describe()).rejects.toThrow(
      /not found/i,
    );
  }, 180_000);

  it('tells each unit’s focal point once per regime, in that regime’s words', async () => {
    const OPENING = /Triển khai/;
    for (const address of ['daumoi@snv.example', 'daumoi@stp.example', 'daumoi@syt.example'])
      await until(
        `the two opening notices to ${address}`,
        async () => mailTo(address, OPENING).length,
        (n) => n >= 2,
      );
    await until(
      'the opening notice to VPUBND',
      async () => mailTo('kiemsoattthc@vpubnd.example', OPENING).length,
      (n) => n >= 1,
    );
    // Each notice gives its own cycle's deadline.
    const dueOf = async (target: string[]) =>
      formatDate(vnDateOf(Date.parse((await status(target))!.agencyDueAt)));
    const [cchcDue, ksDue] = [await dueOf(cchc), await dueOf(kstthc)];
    for (const [address, unit] of [
      ['daumoi@snv.example', 'Sở Nội vụ'],
      ['daumoi@stp.example', 'Sở Tư pháp'],
      ['daumoi@syt.example', 'Sở Y tế'],
    ] as const) {
      const opening = mailTo(address, OPENING).sort((a, b) =>
        (a.parsed?.subject ?? '').localeCompare(b.parsed?.subject ?? ''),
      );
      expect(opening.map((m) => m.parsed?.subject)).toEqual([
        `[CCHC] Triển khai báo cáo CCHC Quý I năm ${YEAR} – hạn gửi ${cchcDue}`,
        `[KSTTHC] Triển khai báo cáo kiểm soát TTHC Quý I năm ${YEAR} – hạn gửi ${ksDue}`,
      ]);
      const [toSnv, toVp] = opening.map((m) => m.parsed?.text ?? '');
      expect(toSnv).toContain(`Sở Nội vụ đề nghị ${unit} xây dựng báo cáo CCHC Quý I năm ${YEAR}`);
      expect(toSnv).not.toContain('Văn phòng UBND tỉnh');
      expect(toVp).toContain(
        `Văn phòng UBND tỉnh đề nghị ${unit} xây dựng báo cáo kiểm soát TTHC Quý I năm ${YEAR}`,
      );
      expect(toVp).toContain('Hệ thống thông tin báo cáo tỉnh Đồng Tháp');
      expect(toVp).not.toContain('Sở Nội vụ đề nghị');
    }
    // VPUBND reports to CCHC only: it is KSTTHC's collector, not one of its reporting units.
    expect(mailTo('kiemsoattthc@vpubnd.example', OPENING).map((m) => m.parsed?.subject)).toEqual([
      `[CCHC] Triển khai báo cáo CCHC Quý I năm ${YEAR} – hạn gửi ${cchcDue}`,
    ]);
    // Nothing but the seven opening notices so far: no summary, escalation or reminder.
    expect(stack.smtp.messages).toHaveLength(7);
    expect(subjectsTo('vanthu@ubnd.example')).toEqual([]);
  }, 180_000);

  it('keeps receipts, exemptions and states per regime', async () => {
    // STP submits the same document to both: two receipts, one per regime, neither a duplicate.
    const submitStp = (target: string[]) =>
      cli('cycle', 'submit', ...target, '--agency', 'STP', '--doc', '12/BC-STP', '--json');
    const toCchc = await submitStp(cchc);
    expect(toCchc.stderr).toBe('');
    expect(JSON.parse(toCchc.stdout)).toMatchObject({
      receiptNumber: `TN-${CCHC_KEY}-STP-1`,
      onTime: true,
      duplicate: false,
    });
    const toKs = await submitStp(kstthc);
    expect(toKs.stderr).toBe('');
    expect(JSON.parse(toKs.stdout)).toMatchObject({
      receiptNumber: `TN-${KSTTHC_KEY}-STP-1`,
      onTime: true,
      duplicate: false,
    });
    // The same document again to KSTTHC: its own earlier receipt, not CCHC's.
    expect(JSON.parse((await submitStp(kstthc)).stdout)).toMatchObject({
      receiptNumber: `TN-${KSTTHC_KEY}-STP-1`,
      duplicate: true,
    });
    const submissions = await stack.database.db.submission.findMany({
      where: { documentNumber: '12/BC-STP' },
      select: { receiptNumber: true, version: true, cycleAgency: { select: { workflowId: true } } },
      orderBy: { receiptNumber: 'asc' },
    });
    expect(submissions).toEqual([
      {
        receiptNumber: `TN-${CCHC_KEY}-STP-1`,
        version: 1,
        cycleAgency: { workflowId: `report-${CCHC_KEY}-STP` },
      },
      {
        receiptNumber: `TN-${KSTTHC_KEY}-STP-1`,
        version: 1,
        cycleAgency: { workflowId: `report-${KSTTHC_KEY}-STP` },
      },
    ]);

    // SYT is exempted from KSTTHC only.
    const reason = 'Không phát sinh thủ tục hành chính trong kỳ';
    const exempt = await cli('cycle', 'exempt', ...kstthc, '--agency', 'SYT', '--reason', reason);
    expect(exempt.stderr).toBe('');
    expect(exempt.code).toBe(0);
    // KSTTHC now refuses SYT's report (CCHC is not tried: there SYT's report stays owed).
    const refused = await cli('cycle', 'submit', ...kstthc, '--agency', 'SYT', '--doc', '5/BC-SYT');
    expect(refused.code).toBe(1);
    expect(refused.stderr.trim()).toBe('Lỗi: không chấp nhận: đơn vị đã được miễn báo cáo kỳ này');
    // VPUBND has no KSTTHC report to give.
    const notEnrolled = await cli('cycle', 'submit', ...kstthc, '--agency', 'VPUBND', '--doc', '7/BC-VP');
    expect(notEnrolled.code).toBe(1);
    expect(notEnrolled.stderr).toContain('VPUBND không phải nộp báo cáo');

    // Each status shows its own regime's states only.
    const ksNow = (await until(
      'SYT exempt in KSTTHC',
      () => status(kstthc),
      (s) => statesOf(s).SYT === 'EXEMPT',
    ))!;
    const cchcNow = (await status(cchc))!;
    expect(ksNow.agencies.map((a) => [a.agency, a.state, a.receiptNumber, a.exemptReason])).toEqual([
      ['SNV', 'PENDING', null, null],
      ['STP', 'SUBMITTED_ON_TIME', `TN-${KSTTHC_KEY}-STP-1`, null],
      ['SYT', 'EXEMPT', null, reason],
    ]);
    expect(ksNow.totals).toMatchObject({ agencies: 3, PENDING: 1, SUBMITTED_ON_TIME: 1, EXEMPT: 1 });
    expect(cchcNow.agencies.map((a) => [a.agency, a.state, a.receiptNumber, a.exemptReason])).toEqual([
      ['SNV', 'PENDING', null, null],
      ['STP', 'SUBMITTED_ON_TIME', `TN-${CCHC_KEY}-STP-1`, null],
      ['SYT', 'PENDING', null, null],
      ['VPUBND', 'PENDING', null, null],
    ]);
    expect(cchcNow.totals).toMatchObject({ agencies: 4, PENDING: 3, SUBMITTED_ON_TIME: 1, EXEMPT: 0 });
    // SYT's CCHC report still runs, owed.
    expect((await stack.client.workflow.getHandle(`report-${CCHC_KEY}-SYT`).describe()).status.name).toBe(
      'RUNNING',
    );

    // Receipts and the exemption notice, each in its own regime's words.
    const stpReceipts = await until(
      'both receipts to STP',
      async () => mailTo('daumoi@stp.example', /Xác nhận đã nhận/).map((m) => m.parsed?.subject ?? ''),
      (s) => s.length >= 2,
    );
    expect(stpReceipts.sort()).toEqual([
      `[CCHC] Xác nhận đã nhận báo cáo CCHC Quý I năm ${YEAR} – biên nhận TN-${CCHC_KEY}-STP-1`,
      `[KSTTHC] Xác nhận đã nhận báo cáo kiểm soát TTHC Quý I năm ${YEAR} – biên nhận TN-${KSTTHC_KEY}-STP-1`,
    ]);
    const sytExempt = await until(
      'the exemption notice to SYT',
      async () => mailTo('daumoi@syt.example', /Miễn gửi/),
      (m) => m.length >= 1,
    );
    expect(sytExempt.map((m) => m.parsed?.subject)).toEqual([
      `[KSTTHC] Miễn gửi báo cáo kiểm soát TTHC Quý I năm ${YEAR}`,
    ]);
    expect(sytExempt[0]!.parsed?.text).toContain('Văn phòng UBND tỉnh thông báo Sở Y tế được miễn gửi');
    const headTold = await until(
      'the exemption notice to SYT’s head',
      async () => subjectsTo('giamdoc@syt.example'),
      (s) => s.length >= 1,
    );
    expect(headTold).toEqual([`[KSTTHC] Miễn gửi báo cáo kiểm soát TTHC Quý I năm ${YEAR}`]);

    // The outbox keeps each regime's messages under its own workflows, in its own words.
    const rows = await stack.database.db.notification.findMany({
      where: { purpose: { in: ['CYCLE_OPENING', 'SUBMISSION_RECEIPT', 'EXEMPTED'] } },
      select: { workflowId: true, purpose: true, subject: true },
      orderBy: { id: 'asc' },
    });
    const regimeOfRow = (workflowId: string) => /^(?:report|cycle)-([A-Z0-9]+)-/.exec(workflowId)?.[1];
    expect(rows.filter((r) => !r.subject?.startsWith(`[${regimeOfRow(r.workflowId)}] `))).toEqual([]);
    const count = (regime: string, purpose: string) =>
      rows.filter((r) => regimeOfRow(r.workflowId) === regime && r.purpose === purpose).length;
    expect([
      [
        'CCHC',
        count('CCHC', 'CYCLE_OPENING'),
        count('CCHC', 'SUBMISSION_RECEIPT'),
        count('CCHC', 'EXEMPTED'),
      ],
      [
        'KSTTHC',
        count('KSTTHC', 'CYCLE_OPENING'),
        count('KSTTHC', 'SUBMISSION_RECEIPT'),
        count('KSTTHC', 'EXEMPTED'),
      ],
    ]).toEqual([
      ['CCHC', 4, 1, 0],
      ['KSTTHC', 3, 1, 2], // the exemption: SYT's focal point and head
    ]);
  }, 180_000);
});
