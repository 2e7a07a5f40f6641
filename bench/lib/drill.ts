import fs from 'node:fs';
import path from 'node:path';
import { formatVnInstant, nextSmsInstant, parsePolicy, createWorkingCalendar } from '../../domain/calendar';
import { drillMilestones, deadlineOfInstant, type DrillTimings } from '../../domain/reporting';
import { importAgencies } from '../../client/services/agencies';
import { startCycle } from '../../client/services/cycles';
import type { ServiceContext } from '../../client/services/context';

// The load of a fault run: N reporting units (focal point and head, each with an email and a mobile
// number), Sở Nội vụ and UBND tỉnh, and one drill cycle whose steps all fall within the run.
// `startDrill` is the only code that knows how a drill is started and what it must send: the
// cycle-start API is the service's `startCycle` with a drill number and its settings.

export const SNV = 'SNV';
export const UBND = 'UBND_TINH';

export interface SeededContacts {
  /** Every email and phone number written into the contacts table (the history scan looks for them). */
  emails: string[];
  phones: string[];
  /** Unit code → its focal point's and head's addresses. */
  units: Map<string, { focal: { email: string; phone: string }; head: { email: string; phone: string } }>;
  snv: { desk: string; director: string };
  ubnd: string;
}

const unitCode = (i: number) => `DV${String(i).padStart(3, '0')}`;
const phoneOf = (n: number) => `09${String(10_000_000 + n).slice(-8)}`;

/** Writes the agency file and imports it through the service (as `cchc agencies import` does). */
export async function seedUnits(ctx: ServiceContext, dir: string, count: number): Promise<SeededContacts> {
  const units: SeededContacts['units'] = new Map();
  const lines = ['agencies:'];
  lines.push(
    `  - code: ${UBND}`,
    '    name: Ủy ban nhân dân tỉnh Đồng Tháp',
    '    kind: province',
    '    contacts:',
    '      - { role: ubnd, name: Văn thư UBND (giả định), email: vanthu@ubnd.chaos.example }',
    `  - code: ${SNV}`,
    '    name: Sở Nội vụ',
    '    kind: department',
    '    reporting: false',
    '    contacts:',
    '      - { role: snv_desk, name: Phòng CCHC (giả định), email: phongcchc@snv.chaos.example }',
    '      - { role: snv_director, name: Giám đốc SNV (giả định), email: giamdoc@snv.chaos.example }',
  );
  for (let i = 1; i <= count; i++) {
    const code = unitCode(i);
    const focal = { email: `daumoi.${code.toLowerCase()}@chaos.example`, phone: phoneOf(2 * i) };
    const head = { email: `thutruong.${code.toLowerCase()}@chaos.example`, phone: phoneOf(2 * i + 1) };
    units.set(code, { focal, head });
    lines.push(
      `  - code: ${code}`,
      `    name: Đơn vị diễn tập số ${i}`,
      '    kind: district',
      '    contacts:',
      `      - { role: focal_point, name: Đầu mối ${code} (giả định), email: ${focal.email}, phone: "${focal.phone}" }`,
      `      - { role: head, name: Thủ trưởng ${code} (giả định), email: ${head.email}, phone: "${head.phone}" }`,
    );
  }
  const file = path.join(dir, 'agencies.yaml');
  fs.writeFileSync(file, `${lines.join('\n')}\n`);
  await importAgencies(ctx, file);
  const all = [...units.values()];
  return {
    units,
    emails: [
      'vanthu@ubnd.chaos.example',
      'phongcchc@snv.chaos.example',
      'giamdoc@snv.chaos.example',
      ...all.flatMap((u) => [u.focal.email, u.head.email]),
    ],
    phones: all.flatMap((u) => [u.focal.phone, u.head.phone]),
    snv: { desk: 'phongcchc@snv.chaos.example', director: 'giamdoc@snv.chaos.example' },
    ubnd: 'vanthu@ubnd.chaos.example',
  };
}

/** One notice a drill owes: who gets what, on which channel. `kind` tells escalation levels apart. */
export interface ExpectedNotice {
  agencyCode: string;
  purpose: string;
  kind: string;
  channel: 'email' | 'sms';
  recipient: string;
}

export interface DrillTimeline {
  startedAt: number;
  reminderAt: number;
  dueAt: number;
  overdueAt: number;
  consolidationAt: number;
  /** When the SMS window opens (the overdue SMS wait for it); undefined if SMS are not held back. */
  smsWindowOpensAt?: number;
}

export interface StartedDrill {
  cycleWorkflowId: string;
  timeline: DrillTimeline;
  expected: ExpectedNotice[];
}

export interface DrillOptions {
  year: number;
  period: string;
  /** From the start to the units' deadline. */
  dueInMs: number;
  timings: DrillTimings;
  /** Hold the overdue SMS back until the SMS window opens this long after the overdue notice. */
  smsHeldMs?: number;
}

const hhmm = (ms: number) => formatVnInstant(ms).slice(11, 16);

/**
 * Starts a drill cycle of every seeded unit with these timings and returns what it must deliver:
 * per unit the opening notice and the reminder (email, focal point), the overdue notice (email and
 * SMS, focal point and head); per cycle the escalation to Sở Nội vụ (level 1 desk, level 2
 * director) and the summary (UBND tỉnh and the director). The SMS window is set so that the overdue
 * SMS are deferred and must come back within the run.
 */
export async function startDrill(
  ctx: ServiceContext,
  contacts: SeededContacts,
  opts: DrillOptions,
): Promise<StartedDrill> {
  const startedAt = Date.now();
  const dueAt = startedAt + opts.dueInMs;
  const overdueAt = dueAt + opts.timings.overdueAfterMs;
  const calendar = createWorkingCalendar();
  let quietHours: { start: string; end: string } | undefined;
  let smsWindowOpensAt: number | undefined;
  if (opts.smsHeldMs !== undefined) {
    const opensAt = Math.ceil((overdueAt + opts.smsHeldMs) / 60_000) * 60_000;
    quietHours = { start: hhmm(opensAt), end: '23:59' };
    if (quietHours.start >= quietHours.end) throw new Error(`SMS window would open at ${quietHours.start}`);
    smsWindowOpensAt = nextSmsInstant(overdueAt, quietHours, calendar);
    if (smsWindowOpensAt > opensAt + 60_000)
      throw new Error(
        `today is not a working day: the SMS would wait until ${formatVnInstant(smsWindowOpensAt)}`,
      );
  }
  // The send time must lie in the SMS window (a drill's steps are instants: it is not used). The
  // overdue notice is not repeated and no follow-up digest goes out (the cycle's life after its
  // summary, not delivery): every notice owed is one message, counted once.
  const base = parsePolicy(quietHours ? { quietHours, sendTime: quietHours.start } : {});
  const policy = { ...base, overdue: { ...base.overdue, repeatEveryWorkingDays: 0 }, followUp: null };
  // Drill number 1 of the period (each fault run has a database of its own).
  const started = await startCycle(ctx, {
    year: opts.year,
    period: opts.period,
    policy,
    drill: 1,
    drillSettings: { dueAt: new Date(dueAt).toISOString(), timings: opts.timings },
  });
  const expected: ExpectedNotice[] = [];
  const add = (agencyCode: string, purpose: string, channel: 'email' | 'sms', recipient: string, kind = '') =>
    expected.push({ agencyCode, purpose, kind, channel, recipient });
  for (const [code, u] of contacts.units) {
    add(code, 'CYCLE_OPENING', 'email', u.focal.email);
    add(code, 'REPORT_REMINDER', 'email', u.focal.email);
    for (const who of [u.focal, u.head]) {
      add(code, 'REPORT_OVERDUE', 'email', who.email);
      add(code, 'REPORT_OVERDUE', 'sms', who.phone);
    }
  }
  add(SNV, 'ESCALATION_SNV', 'email', contacts.snv.desk, 'level-1');
  add(SNV, 'ESCALATION_SNV', 'email', contacts.snv.director, 'level-2');
  add(UBND, 'UBND_SUMMARY', 'email', contacts.ubnd);
  add(UBND, 'UBND_SUMMARY', 'email', contacts.snv.director);
  return {
    cycleWorkflowId: started.workflowId,
    expected,
    timeline: {
      startedAt,
      reminderAt: dueAt - opts.timings.reminderBeforeMs,
      dueAt,
      overdueAt,
      consolidationAt: drillMilestones(deadlineOfInstant(dueAt, opts.timings), policy).consolidationAt,
      smsWindowOpensAt,
    },
  };
}

/** The notice an outbox row delivers, in the terms of ExpectedNotice (from its idempotency key). */
export function noticeOfRow(row: {
  agencyCode: string;
  purpose: string;
  channel: string;
  recipient: string;
  idempotencyKey: string;
}): string {
  const step = row.idempotencyKey.split(':')[2] ?? '';
  const kind = row.purpose === 'ESCALATION_SNV' ? `level-${/^escalation-(\d+)/.exec(step)?.[1] ?? '?'}` : '';
  return noticeKey({
    agencyCode: row.agencyCode,
    purpose: row.purpose,
    kind,
    channel: row.channel.toLowerCase() as 'email' | 'sms',
    recipient: row.recipient,
  });
}

export const noticeKey = (n: ExpectedNotice) =>
  `${n.agencyCode}|${n.purpose}|${n.kind}|${n.channel}|${n.recipient}`;
