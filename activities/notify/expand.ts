import { vnDateOf, type WorkingCalendar } from '../../domain/calendar';
import { cycleContext, type Regime } from '../../domain/regime';
import {
  REPORTING_PURPOSES,
  type CycleContext,
  type Lateness,
  type NotificationPurpose,
} from '../../domain/templates';
import type { Db } from '../../config/connections';
import { loadRegime } from '../../config/regimes';

// Reporting messages name their cycle by key only (histories stay small and hold no wording); the
// activity fills in, at send time, the regime's words and, for the consolidated messages (summary,
// escalation digests, follow-up), the units they list with their contacts, from the database.

const REPORTING: ReadonlySet<NotificationPurpose> = new Set(REPORTING_PURPOSES);

/** A consolidated message lists at most this many units; the attachment and `cchc report` have them all. */
export const MAX_LISTED = 300;
const CACHE_MS = 60_000;

export interface Expander {
  expand(purpose: NotificationPurpose, data: Record<string, unknown>): Promise<Record<string, unknown>>;
}

interface CycleRow {
  id: number;
  workflowId: string;
  context: CycleContext;
  drill: boolean;
  /** The units' deadline of the cycle (a later one on a unit is an extension). */
  agencyDueAt: Date;
}

type Contact = { role: 'focal_point' | 'head'; name: string; email?: string; phone?: string };

/** The regime with the submission mailbox of its file, when the file (still) has one. */
function withAddress(r: Regime): Regime {
  let address: string | undefined;
  try {
    address = loadRegime(r.code).submission.address;
  } catch {
    return r; // a regime no longer in the folder: its notices say how to submit, without the mailbox
  }
  return address === undefined ? r : { ...r, submission: { ...r.submission, address } };
}

export function createExpander(db: Db, calendar: WorkingCalendar, now: () => Date): Expander {
  const cache = new Map<string, { at: number; row: CycleRow }>();

  async function cycle(key: string): Promise<CycleRow> {
    const hit = cache.get(key);
    if (hit && now().getTime() - hit.at < CACHE_MS) return hit.row;
    const c = await db.reportingCycle.findUnique({ where: { key } });
    if (!c || !c.regimeData) throw new Error(`cycle ${key} not recorded yet`); // retried
    const stored = c.regimeData as unknown as Regime;
    // Workflows carry no mailbox (regimeForWorkflow): the regime file gives it back.
    const regime = stored.submission.address === undefined ? withAddress(stored) : stored;
    const context = cycleContext(regime, { key, year: c.year, period: c.period, drill: c.drill });
    const row = { id: c.id, workflowId: c.workflowId, context, drill: c.drill, agencyDueAt: c.agencyDueAt };
    cache.set(key, { at: now().getTime(), row });
    return row;
  }

  /** How late, from a due instant to `at`: minutes for a drill, working days for a real cycle. */
  const lateness = (drill: boolean, dueAt: Date, at: Date): Lateness =>
    drill
      ? { unit: 'minutes', amount: Math.max(1, Math.ceil((at.getTime() - dueAt.getTime()) / 60_000)) }
      : {
          unit: 'workingDays',
          amount: Math.max(1, calendar.workingDaysBetween(vnDateOf(dueAt.getTime()), vnDateOf(at.getTime()))),
        };

  async function contactsOf(agencyIds: number[]): Promise<Map<number, Contact[]>> {
    const rows = await db.contact.findMany({
      where: { agencyId: { in: agencyIds }, active: true, role: { in: ['FOCAL_POINT', 'HEAD'] } },
      orderBy: [{ role: 'asc' }, { id: 'asc' }],
    });
    const by = new Map<number, Contact[]>();
    for (const c of rows) {
      const list = by.get(c.agencyId) ?? [];
      list.push({
        role: c.role === 'HEAD' ? 'head' : 'focal_point',
        name: c.name,
        ...(c.email ? { email: c.email } : {}),
        ...(c.phone ? { phone: c.phone } : {}),
      });
      by.set(c.agencyId, list);
    }
    return by;
  }

  async function summary(row: CycleRow, at: Date) {
    const slots = await db.cycleAgency.findMany({
      where: { cycleId: row.id },
      include: { agency: { select: { code: true, name: true } }, submissions: { where: { version: 1 } } },
      orderBy: { agency: { code: 'asc' } },
    });
    const unit = (s: (typeof slots)[number]) => ({ code: s.agency.code, name: s.agency.name });
    const owed = slots.filter((s) => s.state === 'PENDING' || s.state === 'OVERDUE');
    const late = slots.filter((s) => s.state === 'SUBMITTED_LATE');
    const due = (s: (typeof slots)[number]) => s.dueAt <= at;
    // Extended: given a later deadline than the cycle's, and that deadline still ahead. A unit
    // simply not due yet (a summary asked for before the deadline) is listed as not submitted,
    // without lateness.
    const extendedNow = (s: (typeof slots)[number]) => !due(s) && s.dueAt > row.agencyDueAt;
    const missing = owed.filter((s) => !extendedNow(s));
    const extended = owed.filter(extendedNow);
    return {
      asOf: vnDateOf(at.getTime()),
      totals: {
        agencies: slots.length,
        onTime: slots.filter((s) => s.state === 'SUBMITTED_ON_TIME').length,
        late: late.length,
        notSubmitted: missing.length,
        exempt: slots.filter((s) => s.state === 'EXEMPT').length,
        extended: extended.length,
      },
      late: late.slice(0, MAX_LISTED).map((s) => ({
        ...unit(s),
        late: lateness(row.drill, s.dueAt, s.submissions[0]?.receivedAt ?? s.submittedAt ?? at),
      })),
      notSubmitted: missing
        .slice(0, MAX_LISTED)
        .map((s) => ({ ...unit(s), ...(due(s) ? { late: lateness(row.drill, s.dueAt, at) } : {}) })),
      extended: extended.slice(0, MAX_LISTED).map((s) => ({
        ...unit(s),
        dueDate: vnDateOf(s.dueAt.getTime()),
        ...(row.drill ? { dueAt: s.dueAt.getTime() } : {}),
      })),
      exempt: slots
        .filter((s) => s.state === 'EXEMPT')
        .slice(0, MAX_LISTED)
        .map((s) => ({ ...unit(s), ...(s.exemptReason ? { reason: s.exemptReason } : {}) })),
      onTime: slots
        .filter((s) => s.state === 'SUBMITTED_ON_TIME')
        .slice(0, MAX_LISTED)
        .map(unit),
    };
  }

  /** The units a consolidated message lists, with how late they are and whom to call. */
  async function lateUnits(
    row: CycleRow,
    slots: { agencyId: number; dueAt: Date; agency: { code: string; name: string } }[],
    at: Date,
  ) {
    const contacts = await contactsOf(slots.map((s) => s.agencyId));
    return slots.slice(0, MAX_LISTED).map((s) => ({
      code: s.agency.code,
      name: s.agency.name,
      dueDate: vnDateOf(s.dueAt.getTime()),
      late: lateness(row.drill, s.dueAt, at),
      contacts: contacts.get(s.agencyId) ?? [],
    }));
  }

  return {
    async expand(purpose, data) {
      if (!REPORTING.has(purpose) || typeof data.cycleKey !== 'string') return data;
      const { cycleKey, ...rest } = data;
      const row = await cycle(cycleKey);
      const at = now();
      const base = { ...rest, cycle: row.context };
      if (purpose === 'UBND_SUMMARY') return { ...base, ...(await summary(row, at)) };
      if (purpose === 'ESCALATION_SNV') {
        const told = `${row.workflowId}:${String(rest.step)}`;
        const slots = await db.cycleAgency.findMany({
          where: { cycleId: row.id, escalations: { some: { digestStep: told } } },
          include: { agency: { select: { code: true, name: true } } },
          orderBy: { agency: { code: 'asc' } },
        });
        const { step: _step, ...without } = base as Record<string, unknown>;
        return { ...without, asOf: vnDateOf(at.getTime()), lateAgencies: await lateUnits(row, slots, at) };
      }
      if (purpose === 'FOLLOW_UP_DIGEST') {
        const since = new Date(Number(rest.since));
        const [arrived, missing] = await Promise.all([
          db.submission.findMany({
            where: { version: 1, receivedAt: { gte: since }, cycleAgency: { cycleId: row.id } },
            include: { cycleAgency: { include: { agency: { select: { code: true, name: true } } } } },
            orderBy: { receivedAt: 'asc' },
            take: MAX_LISTED,
          }),
          db.cycleAgency.findMany({
            where: { cycleId: row.id, state: { in: ['PENDING', 'OVERDUE'] }, dueAt: { lt: at } },
            include: { agency: { select: { code: true, name: true } } },
            orderBy: { agency: { code: 'asc' } },
          }),
        ]);
        return {
          ...base,
          since: vnDateOf(since.getTime()),
          asOf: vnDateOf(at.getTime()),
          arrived: arrived.map((s) => ({
            code: s.cycleAgency.agency.code,
            name: s.cycleAgency.agency.name,
            receivedAt: s.receivedAt.toISOString(),
            late: lateness(row.drill, s.cycleAgency.dueAt, s.receivedAt),
          })),
          missing: await lateUnits(row, missing, at),
        };
      }
      return base;
    },
  };
}
