import { Context } from '@temporalio/activity';
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { Activities } from '../../activities';
import type { NotifyInput, NotifyResult } from '../../activities/notify-contract';
import type { CycleRecord, ReportRecord, SubmissionRecord } from '../../activities/reporting';
import { createWorkingCalendar, snapshotOf } from '../../domain/calendar';
import type { AgencyReportStatus, ReportState } from '../../workflows/reporting/types';
import { transferOwed, type Succession, type TransferResult } from '../../activities/successions';

// The reporting workflows' database, in memory, for time-skipping tests: the same contract as the
// Prisma activities (rows created at enrolment, a newer mirror snapshot wins, escalations told
// once, follow-up counts), and the broadcast to reports through the test server's client.

export interface SentNotice {
  /** Server time the notify activity was scheduled. */
  at: number;
  input: NotifyInput;
  /** `PURPOSE step AGENCY roles channels`, the step without its due-date tag. */
  line: string;
}

interface Row extends Omit<ReportRecord, 'version'> {
  version: number;
}

export interface ReportingWorld {
  activities: Partial<Activities>;
  sent: SentNotice[];
  submissions: (SubmissionRecord & { at: number })[];
  escalations: {
    at: number;
    workflowId: string;
    agencyCode: string;
    level: number;
    toRole: string;
    dueAt?: number;
    told?: string;
    resolved?: number;
  }[];
  /** The cycle's record as last written, and its status changes in order. */
  cycles: Map<string, CycleRecord & { status: string; changes: { status: string; at: number }[] }>;
  rows: Map<string, Row>;
  signals: { at: number; signal: string; count: number; cycleWorkflowId: string }[];
  followUps: { at: number; since: number; arrived: number; missing: number }[];
  /** What each UBND_SUMMARY would list, read from the mirror when its notify ran (as the real expander does). */
  summaries: SummarySnapshot[];
  /** Merges recorded in the units' book (a test adds them, then signals the cycle `unitsChanged`). */
  merges: Succession[];
  /** The transfers the cycle carried out, in order. */
  transfers: (TransferResult & { changeKey: string; at: number })[];
  reset(): void;
}

/** The summary's lists by the real expander's rule: owed with a later deadline than the cycle's, still ahead → extended; other owed → not submitted. */
export interface SummarySnapshot {
  at: number;
  cycleKey: string;
  onTime: string[];
  late: string[];
  notSubmitted: string[];
  extended: { code: string; dueAt: number; reason?: string }[];
  exempt: string[];
}

function summaryOf(rows: Row[], cycleKey: string, at: number, cycleDueAt: number): SummarySnapshot {
  const codes = (state: ReportState) =>
    rows
      .filter((r) => r.state === state)
      .map((r) => r.agencyCode)
      .sort();
  const owed = rows
    .filter((r) => r.state === 'PENDING' || r.state === 'OVERDUE')
    .sort((a, b) => (a.agencyCode < b.agencyCode ? -1 : 1));
  return {
    at,
    cycleKey,
    onTime: codes('SUBMITTED_ON_TIME'),
    late: codes('SUBMITTED_LATE'),
    notSubmitted: owed.filter((r) => !(r.dueAt > at && r.dueAt > cycleDueAt)).map((r) => r.agencyCode),
    extended: owed
      .filter((r) => r.dueAt > at && r.dueAt > cycleDueAt)
      .map((r) => ({
        code: r.agencyCode,
        dueAt: r.dueAt,
        ...(r.extendedReason ? { reason: r.extendedReason } : {}),
      })),
    exempt: codes('EXEMPT'),
  };
}

/** A notice line as the tests compare them. */
export const lineOf = (input: NotifyInput) =>
  `${input.purpose} ${input.step.replace(/\.\d{4}-\d{2}-\d{2}$/, '')} ${input.agencyCode} ${input.roles.join('+')} ${input.channels.join('+')}`;

export function createReportingWorld(opts: {
  units: () => string[];
  client: () => Client;
  /** What notify answers (default: every channel sent). */
  notify?: (input: NotifyInput, at: number) => NotifyResult | Promise<NotifyResult>;
}): ReportingWorld {
  const calendar = createWorkingCalendar();
  const scheduledAt = () => Context.current().info.currentAttemptScheduledTimestampMs;
  const world: ReportingWorld = {
    sent: [],
    submissions: [],
    escalations: [],
    cycles: new Map(),
    rows: new Map(),
    signals: [],
    followUps: [],
    summaries: [],
    merges: [],
    transfers: [],
    reset() {
      world.sent.length = 0;
      world.submissions.length = 0;
      world.escalations.length = 0;
      world.cycles.clear();
      world.rows.clear();
      world.signals.length = 0;
      world.followUps.length = 0;
      world.summaries.length = 0;
      world.merges.length = 0;
      world.transfers.length = 0;
    },
    activities: {},
  };
  const rowsOf = (cycleWorkflowId: string) =>
    [...world.rows.values()].filter((r) => r.cycleWorkflowId === cycleWorkflowId);

  world.activities = {
    async notify(input) {
      const at = scheduledAt();
      world.sent.push({ at, input, line: lineOf(input) });
      if (input.purpose === 'UBND_SUMMARY') {
        const key = String(input.data.cycleKey);
        const cycle = [...world.cycles.values()].find((c) => c.key === key);
        world.summaries.push(
          summaryOf(
            cycle ? rowsOf(cycle.workflowId) : [],
            key,
            at,
            cycle?.agencyDueAt ?? Number.POSITIVE_INFINITY,
          ),
        );
      }
      return opts.notify
        ? opts.notify(input, at)
        : {
            sent: input.channels.length,
            alreadySent: 0,
            deferred: [],
            failed: [],
            skipped: 0,
            noRecipients: false,
          };
    },
    async recordAuditEvent() {
      return 0;
    },
    async loadCalendarSnapshot(range) {
      return snapshotOf(calendar, range);
    },
    async openCycleRecord(c) {
      const old = world.cycles.get(c.workflowId);
      world.cycles.set(c.workflowId, { ...c, status: old?.status ?? 'OPEN', changes: old?.changes ?? [] });
    },
    async enrollUnits(input) {
      const codes = [...opts.units()].sort().filter((c) => input.after === undefined || c > input.after);
      const page = codes.slice(0, input.limit);
      for (const code of page) {
        const workflowId = `${input.reportIdPrefix}${code}`;
        if (!world.rows.has(workflowId))
          world.rows.set(workflowId, {
            workflowId,
            cycleWorkflowId: input.cycleWorkflowId,
            agencyCode: code,
            state: 'PENDING',
            dueAt: input.dueAt,
            escalationLevel: 0,
            version: 0,
          });
      }
      return {
        units: page.map((code) => ({ code, name: `Đơn vị ${code}` })),
        done: page.length < input.limit,
      };
    },
    async setCycleStatus(input) {
      const c = world.cycles.get(input.workflowId);
      if (!c) throw new Error(`cycle ${input.workflowId} not recorded`);
      c.status = input.status;
      c.changes.push({ status: input.status, at: input.at });
    },
    async recordReportState(r) {
      const old = world.rows.get(r.workflowId);
      if (!old || old.version < r.version) world.rows.set(r.workflowId, { ...r });
    },
    async recordSubmission(s) {
      if (world.submissions.some((x) => x.receiptNumber === s.receiptNumber)) return;
      world.submissions.push({ ...s, at: scheduledAt() });
      for (const e of world.escalations) if (e.workflowId === s.reportWorkflowId) e.resolved ??= s.receivedAt;
    },
    async recordEscalation(e) {
      // One per report, level and deadline missed (the activity's key).
      if (
        world.escalations.some(
          (x) => x.workflowId === e.workflowId && x.level === e.level && x.dueAt === e.dueAt,
        )
      )
        return;
      world.escalations.push({
        at: scheduledAt(),
        dueAt: e.dueAt,
        workflowId: e.workflowId,
        agencyCode: e.agencyCode,
        level: e.level,
        toRole: e.toRole,
      });
    },
    async markEscalationsTold(input) {
      const owed = new Set(
        rowsOf(input.cycleWorkflowId)
          .filter((r) => r.state === 'OVERDUE')
          .map((r) => r.workflowId),
      );
      return input.steps.map(({ level, step }) => {
        const told = `${input.cycleWorkflowId}:${step}`;
        for (const e of world.escalations)
          if (e.level === level && !e.told && e.resolved === undefined && owed.has(e.workflowId))
            e.told = told;
        return new Set(world.escalations.filter((e) => e.told === told).map((e) => e.workflowId)).size;
      });
    },
    async recordFollowUp(input) {
      const mine = new Set(rowsOf(input.cycleWorkflowId).map((r) => r.workflowId));
      const arrived = world.submissions.filter(
        (s) =>
          s.version === 1 &&
          s.receivedAt >= input.since &&
          s.receivedAt < input.at &&
          mine.has(s.reportWorkflowId),
      ).length;
      const missing = rowsOf(input.cycleWorkflowId).filter(
        (r) => (r.state === 'PENDING' || r.state === 'OVERDUE') && r.dueAt < input.at,
      ).length;
      world.followUps.push({ at: input.at, since: input.since, arrived, missing });
      return { arrived, missing };
    },
    async successionsToFollow(input) {
      const mine = new Set(rowsOf(input.cycleWorkflowId).map((r) => r.agencyCode));
      return world.merges
        .filter((m) => !input.followed.includes(m.changeKey))
        .map((m) => ({ ...m, predecessors: m.predecessors.filter((p) => mine.has(p.code)) }))
        .filter((m) => m.predecessors.length > 0);
    },
    async transferReports(input) {
      const client = opts.client();
      const moved = await transferOwed(
        {
          status: (id) =>
            client.workflow
              .getHandle(id)
              .query<AgencyReportStatus>('status')
              .catch((err: unknown) => {
                if (err instanceof WorkflowNotFoundError) return undefined;
                throw err;
              }),
          exempt: (id, payload) =>
            client.workflow
              .getHandle(id)
              .executeUpdate<AgencyReportStatus, [unknown]>('exempt', { args: [payload] }),
        },
        input,
      );
      const own = `${input.reportIdPrefix}${input.successor.code}`;
      const existing = rowsOf(input.cycleWorkflowId).find((r) => r.agencyCode === input.successor.code);
      if (!existing && moved.transferred.length > 0)
        world.rows.set(own, {
          workflowId: own,
          cycleWorkflowId: input.cycleWorkflowId,
          agencyCode: input.successor.code,
          state: 'PENDING',
          dueAt: Math.max(...moved.transferred.map((t) => t.dueAt)),
          escalationLevel: 0,
          version: 0,
        });
      const hasReport = await client.workflow
        .getHandle(own)
        .describe()
        .then(
          () => true,
          () => false,
        );
      const result = { ...moved, successorEnrolled: existing !== undefined && hasReport };
      world.transfers.push({ ...result, changeKey: input.changeKey, at: scheduledAt() });
      return result;
    },
    async signalReports(input) {
      const states = input.states as ReportState[] | undefined;
      const targets = rowsOf(input.cycleWorkflowId).filter(
        (r) => !states?.length || states.includes(r.state),
      );
      for (const r of targets) {
        await opts
          .client()
          .workflow.getHandle(r.workflowId)
          .signal(input.signal, ...(input.args ?? []))
          .catch((err: unknown) => {
            if (!(err instanceof WorkflowNotFoundError)) throw err;
          });
      }
      world.signals.push({
        at: scheduledAt(),
        signal: input.signal,
        count: targets.length,
        cycleWorkflowId: input.cycleWorkflowId,
      });
      return targets.length;
    },
  };
  return world;
}

/** Notice lines sorted by line, then time. */
export function sortNoticeLines(xs: [string, string][]): [string, string][] {
  return [...xs].sort((a, b) =>
    a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0,
  );
}

/** The notices sent, as `[Vietnam "MM-DD HH:mm", line]`, sorted by line then time. */
export function noticeLines(sent: SentNotice[]): [string, string][] {
  const stamp = (ms: number) => new Date(ms + 7 * 3600_000).toISOString().slice(5, 16).replace('T', ' ');
  return sortNoticeLines(sent.map((s) => [stamp(s.at), s.line]));
}
