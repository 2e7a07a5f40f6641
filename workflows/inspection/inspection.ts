import {
  allHandlersFinished,
  condition,
  setCurrentDetails,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import {
  compareDates,
  createWorkingCalendar,
  endOfDayInstant,
  formatVnDate,
  vnDateOf,
  vnInstant,
} from '../../domain/calendar';
import {
  cancelInputSchema,
  nonWorkingDayReason,
  remediationInputSchema,
  rescheduleInputSchema,
  selfReportInputSchema,
  visitResultInputSchema,
} from '../../domain/inspection-plan';
import { inspectionAgenda, isOpenFinding, type AgendaStep } from '../../domain/inspection-agenda';
import { visitDates } from '../../domain/inspection-policy';
import { SA_DUE_AT, SA_STATE } from '../../domain/search-attributes';
import { formatVnDateTime } from '../../domain/templates/format';
import { DATABASE } from '../kit/activity-options';
import { createMirror } from '../kit/mirror';
import { createSearchAttributeWriter } from '../kit/search-attributes';
import { createSender, type Message as SenderMessage } from '../kit/send';
import { proxySummarisedActivities } from '../kit/summarised-activities';
import { parseOrReject } from '../kit/validation';
import {
  CANCELLED_SUMMARY,
  CONCLUSION_SUMMARY,
  inspectionDetails,
  stepSummary,
  waitSummary,
} from './inspection-words';
import {
  cancelUpdate,
  inspectionStatusQuery,
  recordVisitResultUpdate,
  rescheduleUpdate,
  submitRemediationUpdate,
  submitSelfReportUpdate,
} from './messages';
import type {
  AgencyInspectionInput,
  CancelReceipt,
  FindingStatus,
  InspectionState,
  InspectionStatus,
  RemediationReceipt,
  RescheduleReceipt,
  SelfReportReceipt,
  VisitResultReceipt,
} from './types';

const db = proxySummarisedActivities(DATABASE);

type Message = Pick<SenderMessage, 'purpose' | 'roles' | 'channels' | 'data' | 'usefulUntil'>;

const AGENCY: Message['roles'] = ['focal_point', 'head'];
const TERMINAL: InspectionState[] = ['CONCLUDED', 'CANCELLED'];

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * One agency's inspection (ID `inspection-<year>-<plan>-<agency>`): notice, self-inspection report
 * with reminders and escalation, visit reminders, the visit's result, remediation of each finding
 * with reminders and escalation, and the conclusion; reschedule and cancel by update. Every dated
 * step is recomputed from the state on each turn, so a reschedule re-plans everything after it.
 */
export async function agencyInspection(input: AgencyInspectionInput): Promise<InspectionStatus> {
  const calendar = createWorkingCalendar();
  const { workflowId } = workflowInfo();
  const { policy } = input;
  const dates0 = visitDates(input.visitDate, policy, calendar);
  const state: InspectionStatus = {
    workflowId,
    planWorkflowId: input.planWorkflowId,
    year: input.year,
    planCode: input.planCode,
    agencyCode: input.agencyCode,
    scope: input.scope,
    state: 'SCHEDULED',
    visitDate: input.visitDate,
    noticeDate: dates0.noticeDate,
    selfReportDueDate: dates0.selfReportDueDate,
    selfReportEscalationLevel: 0,
    findings: [],
    escalationLevel: 0,
    reschedules: [],
    scheduledFrom: Date.now(),
    doneSteps: [],
  };
  const done = new Set<string>();
  let changed = false; // set by handlers: wakes the main loop
  const today = () => vnDateOf(Date.now());
  const open = () => !TERMINAL.includes(state.state);
  const agendaContext = {
    year: input.year,
    decisionRef: input.decisionRef,
    scope: input.scope,
    teamRoles: [...new Set([input.team.lead, ...input.team.members].map((m) => m.role))],
    leadRole: input.team.lead.role,
    policy,
    calendar,
  };
  const escalationPrefix = (subject: string) => `${workflowId}:${subject}:`;

  // ---- database mirror, written in order; actions that go with a snapshot run just before it
  const sender = createSender({ agencyCode: input.agencyCode });
  const searchAttributes = createSearchAttributeWriter();
  let extras: (() => Promise<unknown>)[] = [];
  const mirror = createMirror(async (version) => {
    const run = extras;
    extras = [];
    for (const fn of run) await fn();
    await db.syncInspection({ ...state, mirrorVersion: version });
  }, workflowId);
  let details = '';
  const persist = (...extra: (() => Promise<unknown>)[]) => {
    extras.push(...extra);
    updateSearchAttributes();
    // The Web UI's current details, in words: only a change is set.
    const next = inspectionDetails(state);
    if (next !== details) setCurrentDetails((details = next));
    return mirror.write();
  };
  const audit = (kind: string, detail: Record<string, unknown>) => () =>
    db.recordAuditEvent({ workflowId, kind, agencyCode: input.agencyCode, detail });
  const resolveEscalations = (prefix: string) => () =>
    db.resolveInspectionEscalations({ keyPrefix: prefix, resolvedAt: iso(Date.now()) });

  function currentEscalationLevel(): number {
    if (!open()) return 0;
    const findings = state.findings.filter(isOpenFinding).map((f) => f.escalationLevel);
    const selfReport = state.selfReport || state.resultRecordedAt ? 0 : state.selfReportEscalationLevel;
    return Math.max(0, selfReport, ...findings);
  }

  function updateSearchAttributes(): void {
    const due = nextDueAt();
    searchAttributes.set([
      { key: SA_STATE, value: state.state },
      { key: SA_DUE_AT, value: due === undefined ? null : new Date(due) },
    ]);
  }

  /** The deadline the inspection now waits on, for the Web UI: self-report, visit, or the earliest remediation. */
  function nextDueAt(): number | undefined {
    if (!open()) return undefined;
    if (state.resultRecordedAt) {
      const dues = state.findings.filter(isOpenFinding).map((f) => endOfDayInstant(f.dueDate));
      return dues.length ? Math.min(...dues) : undefined;
    }
    if (!state.selfReport && state.state !== 'VISITED') return endOfDayInstant(state.selfReportDueDate);
    return vnInstant(state.visitDate);
  }

  function setState(next: InspectionState): void {
    state.state = next;
    state.escalationLevel = currentEscalationLevel();
  }

  function rejectUnlessOpen(): void {
    if (state.state === 'CANCELLED') throw new Error(`cuộc kiểm tra đã bị hủy (${state.cancelReason ?? ''})`);
    if (state.state === 'CONCLUDED') throw new Error('cuộc kiểm tra đã kết thúc (đã gửi thông báo kết luận)');
  }

  // ---- handlers, all registered before the first await
  setHandler(inspectionStatusQuery, () => state);

  setHandler(
    submitSelfReportUpdate,
    async (raw): Promise<SelfReportReceipt> => {
      const payload = selfReportInputSchema.parse(raw);
      const now = Date.now();
      const dueDate = state.selfReportDueDate;
      const onTime = now <= endOfDayInstant(dueDate);
      const workingDaysLate = onTime ? 0 : Math.max(1, calendar.workingDaysBetween(dueDate, vnDateOf(now)));
      const version = (state.selfReport?.version ?? 0) + 1;
      const receipt: SelfReportReceipt = {
        receiptNumber: `${input.planCode}-${input.agencyCode}-TKT${version}`,
        receivedAt: iso(now),
        selfReportDueDate: dueDate,
        onTime,
        workingDaysLate,
        version,
      };
      state.selfReport = {
        version,
        documentNumber: payload.documentNumber,
        signedDate: payload.signedDate ?? vnDateOf(now),
        ...(payload.attachmentRef ? { attachmentRef: payload.attachmentRef } : {}),
        receivedAt: receipt.receivedAt,
        receiptNumber: receipt.receiptNumber,
        onTime,
        workingDaysLate,
      };
      setState(state.state === 'VISITED' ? 'VISITED' : 'SELF_REPORT_RECEIVED');
      sender.withdraw((m) => m.purpose === 'SELF_REPORT_REMINDER' || m.purpose === 'SELF_REPORT_OVERDUE');
      changed = true;
      await persist(
        resolveEscalations(escalationPrefix('SELF_REPORT_OVERDUE')),
        audit('SELF_REPORT_RECEIVED', { ...receipt, documentNumber: payload.documentNumber }),
      );
      return receipt;
    },
    {
      validator: (raw) => {
        const payload = parseOrReject(selfReportInputSchema, raw);
        rejectUnlessOpen();
        if (state.resultRecordedAt)
          throw new Error('đã ghi nhận kết quả kiểm tra: không nhận thêm báo cáo tự kiểm tra');
        if (payload.signedDate && compareDates(payload.signedDate, today()) > 0)
          throw new Error(`signedDate: ngày ký ${formatVnDate(payload.signedDate)} sau hôm nay`);
      },
    },
  );

  setHandler(
    recordVisitResultUpdate,
    async (raw): Promise<VisitResultReceipt> => {
      const payload = visitResultInputSchema.parse(raw);
      const now = Date.now();
      const visitedOn = payload.visitedOn ?? state.visitDate;
      const defaultDue = calendar.addWorkingDays(visitedOn, policy.defaultRemediationWorkingDays);
      const used = new Set(payload.findings.flatMap((f) => (f.code ? [f.code] : [])));
      let n = 0;
      const nextCode = () => {
        let code: string;
        do code = `F${++n}`;
        while (used.has(code));
        used.add(code);
        return code;
      };
      state.findings = payload.findings.map((f) => ({
        code: f.code ?? nextCode(),
        description: f.description,
        dueDate: f.remediationDueDate ?? defaultDue,
        state: 'OPEN',
        escalationLevel: 0,
      }));
      state.visitedOn = visitedOn;
      state.resultRecordedAt = iso(now);
      if (payload.conclusionRef) state.conclusionRef = payload.conclusionRef;
      setState(state.findings.length > 0 ? 'REMEDIATING' : 'VISITED');
      changed = true;
      const findings = state.findings.map(({ code, description, dueDate }) => ({
        code,
        description,
        dueDate,
      }));
      await persist(
        resolveEscalations(escalationPrefix('SELF_REPORT_OVERDUE')),
        audit('VISIT_RESULT_RECORDED', { visitedOn, findings }),
      );
      return { visitedOn, findings, concluding: findings.length === 0 };
    },
    {
      validator: (raw) => {
        const payload = parseOrReject(visitResultInputSchema, raw);
        rejectUnlessOpen();
        if (state.resultRecordedAt)
          throw new Error(
            `kết quả kiểm tra đã được ghi nhận lúc ${formatVnDateTime(state.resultRecordedAt)}`,
          );
        const visitedOn = payload.visitedOn ?? state.visitDate;
        if (compareDates(visitedOn, today()) > 0)
          throw new Error(
            payload.visitedOn
              ? `visitedOn: ngày ${formatVnDate(visitedOn)} chưa đến`
              : `chưa đến ngày kiểm tra (${formatVnDate(visitedOn)}): chỉ ghi nhận kết quả sau buổi kiểm tra`,
          );
        payload.findings.forEach((f, i) => {
          const due = f.remediationDueDate;
          if (!due) return;
          const reason = nonWorkingDayReason(due, calendar);
          if (reason)
            throw new Error(`findings[${i}].remediationDueDate: ${reason}: hạn phải là ngày làm việc`);
          if (compareDates(due, today()) <= 0)
            throw new Error(`findings[${i}].remediationDueDate: hạn ${formatVnDate(due)} phải sau hôm nay`);
        });
      },
    },
  );

  setHandler(
    submitRemediationUpdate,
    async (raw): Promise<RemediationReceipt> => {
      const payload = remediationInputSchema.parse(raw);
      const now = Date.now();
      const finding = state.findings.find((f) => f.code === payload.findingCode)!;
      const onTime = now <= endOfDayInstant(finding.dueDate);
      const workingDaysLate = onTime
        ? 0
        : Math.max(1, calendar.workingDaysBetween(finding.dueDate, vnDateOf(now)));
      Object.assign(finding, {
        state: 'REMEDIATED',
        remediatedAt: iso(now),
        documentNumber: payload.documentNumber,
        receiptNumber: `${input.planCode}-${input.agencyCode}-${finding.code}-KP`,
        onTime,
        workingDaysLate,
      } satisfies Partial<FindingStatus>);
      setState(state.state);
      changed = true;
      const receipt: RemediationReceipt = {
        findingCode: finding.code,
        receiptNumber: finding.receiptNumber!,
        remediatedAt: finding.remediatedAt!,
        dueDate: finding.dueDate,
        onTime,
        workingDaysLate,
        remaining: state.findings.filter(isOpenFinding).length,
      };
      await persist(
        resolveEscalations(`${escalationPrefix('REMEDIATION_OVERDUE')}${finding.code}:`),
        audit('REMEDIATION_RECEIVED', { ...receipt, documentNumber: payload.documentNumber }),
      );
      return receipt;
    },
    {
      validator: (raw) => {
        const payload = parseOrReject(remediationInputSchema, raw);
        rejectUnlessOpen();
        if (!state.resultRecordedAt) throw new Error('chưa ghi nhận kết quả kiểm tra: chưa có tồn tại nào');
        const finding = state.findings.find((f) => f.code === payload.findingCode);
        if (!finding) {
          const codes = state.findings.map((f) => f.code).join(', ') || 'không có';
          throw new Error(`findingCode: không có tồn tại mã ${payload.findingCode} (các mã: ${codes})`);
        }
        if (finding.state === 'REMEDIATED')
          throw new Error(
            `findingCode: tồn tại ${finding.code} đã được báo cáo khắc phục lúc ${formatVnDateTime(finding.remediatedAt!)}`,
          );
      },
    },
  );

  setHandler(
    rescheduleUpdate,
    async (raw): Promise<RescheduleReceipt> => {
      const payload = rescheduleInputSchema.parse(raw);
      const now = Date.now();
      const previousVisitDate = state.visitDate;
      const dates = visitDates(payload.visitDate, policy, calendar);
      state.visitDate = payload.visitDate;
      // Messages about the old date that still wait for the SMS window no longer apply.
      sender.withdraw((m) => m.data.visitDate === previousVisitDate);
      state.noticeDate = dates.noticeDate;
      state.selfReportDueDate = dates.selfReportDueDate;
      state.scheduledFrom = now;
      state.reschedules.push({
        from: previousVisitDate,
        to: payload.visitDate,
        reason: payload.reason,
        at: iso(now),
      });
      if (!state.selfReport) state.selfReportEscalationLevel = 0;
      setState(state.selfReport ? 'SELF_REPORT_RECEIVED' : state.noticeSentFor ? 'NOTIFIED' : 'SCHEDULED');
      changed = true;
      await persist(
        resolveEscalations(escalationPrefix('SELF_REPORT_OVERDUE')),
        audit('RESCHEDULED', { from: previousVisitDate, to: payload.visitDate, reason: payload.reason }),
      );
      return {
        previousVisitDate,
        visitDate: payload.visitDate,
        noticeDate: dates.noticeDate,
        selfReportDueDate: dates.selfReportDueDate,
        revisedNotice: state.noticeSentFor !== undefined,
      };
    },
    {
      validator: (raw) => {
        const payload = parseOrReject(rescheduleInputSchema, raw);
        rejectUnlessOpen();
        if (state.resultRecordedAt) throw new Error('đã ghi nhận kết quả kiểm tra: không thể dời lịch');
        if (payload.visitDate === state.visitDate)
          throw new Error(`visitDate: ngày kiểm tra đã là ${formatVnDate(payload.visitDate)}`);
        const reason = nonWorkingDayReason(payload.visitDate, calendar);
        if (reason) throw new Error(`visitDate: ${reason}: ngày kiểm tra phải là ngày làm việc`);
        if (compareDates(payload.visitDate, today()) <= 0)
          throw new Error(`visitDate: ngày ${formatVnDate(payload.visitDate)} đã qua hoặc là hôm nay`);
        const due = visitDates(payload.visitDate, policy, calendar).selfReportDueDate;
        if (!state.selfReport && compareDates(due, today()) < 0)
          throw new Error(
            `visitDate: quá gần: hạn báo cáo tự kiểm tra (${formatVnDate(due)}) đã qua; chọn ngày muộn hơn`,
          );
      },
    },
  );

  setHandler(
    cancelUpdate,
    async (raw): Promise<CancelReceipt> => {
      const payload = cancelInputSchema.parse(raw);
      state.cancelReason = payload.reason;
      state.cancelledAt = iso(Date.now());
      setState('CANCELLED');
      sender.withdraw((m) => m.purpose !== 'INSPECTION_CANCELLED');
      changed = true;
      await persist(resolveEscalations(escalationPrefix('')), audit('CANCELLED', { reason: payload.reason }));
      return { cancelledAt: state.cancelledAt };
    },
    {
      validator: (raw) => {
        parseOrReject(cancelInputSchema, raw);
        rejectUnlessOpen();
      },
    },
  );

  function send(step: string, message: Message, summary: string): void {
    sender.send({ step, agencyCode: input.agencyCode, ...message, summary });
  }

  async function perform(s: AgendaStep): Promise<void> {
    const now = Date.now();
    switch (s.kind) {
      case 'notice':
        send(s.step, s.message!, stepSummary(s));
        state.noticeSentFor = s.visitDate;
        state.noticeSentAt = iso(now);
        if (state.state === 'SCHEDULED') setState('NOTIFIED');
        void persist();
        return;
      case 'reminder':
        send(s.step, s.message!, stepSummary(s));
        return;
      case 'selfReportDeadline':
        setState('SELF_REPORT_OVERDUE');
        void persist();
        return;
      case 'selfReportEscalation':
        send(s.step, s.message!, stepSummary(s));
        // The report may have come in, or the visit moved, while the message was out.
        if (state.selfReport || state.visitDate !== s.visitDate || !open()) return;
        state.selfReportEscalationLevel = s.level!;
        setState(state.state);
        void persist(() =>
          db.recordInspectionEscalation({
            key: `${escalationPrefix('SELF_REPORT_OVERDUE')}${s.dueDate}:${s.level}`,
            workflowId,
            subject: 'SELF_REPORT_OVERDUE',
            agencyCode: input.agencyCode,
            level: s.level!,
            toRole: s.role!,
            escalatedAt: iso(now),
          }),
        );
        return;
      case 'visitDay':
        setState('VISITED');
        void persist();
        return;
      case 'remediationDeadline':
        for (const f of state.findings)
          if (f.state === 'OPEN' && f.dueDate === s.dueDate) f.state = 'OVERDUE';
        setState(state.state);
        void persist();
        return;
      case 'remediationEscalation': {
        send(s.step, s.message!, stepSummary(s));
        if (!open()) return;
        const findings = state.findings.filter((f) => isOpenFinding(f) && f.dueDate === s.dueDate);
        for (const f of findings) f.escalationLevel = s.level!;
        setState(state.state);
        void persist(
          ...findings.map(
            (f) => () =>
              db.recordInspectionEscalation({
                key: `${escalationPrefix('REMEDIATION_OVERDUE')}${f.code}:${s.level}`,
                workflowId,
                subject: 'REMEDIATION_OVERDUE',
                agencyCode: input.agencyCode,
                level: s.level!,
                toRole: s.role!,
                escalatedAt: iso(now),
              }),
          ),
        );
        return;
      }
    }
  }

  async function conclude(): Promise<void> {
    const now = Date.now();
    const remediated = state.findings.filter((f) => f.state === 'REMEDIATED').length;
    send(
      'conclusion',
      {
        purpose: 'INSPECTION_CONCLUSION',
        roles: AGENCY,
        channels: ['email'],
        data: {
          year: input.year,
          visitDate: state.visitedOn ?? state.visitDate,
          concludedDate: vnDateOf(now),
          ...(state.conclusionRef ? { conclusionRef: state.conclusionRef } : {}),
          findingsTotal: state.findings.length,
          findingsRemediated: remediated,
        },
      },
      CONCLUSION_SUMMARY,
    );
    state.concludedAt = iso(now);
    state.concludedDate = vnDateOf(now);
    setState('CONCLUDED');
    await persist(
      resolveEscalations(escalationPrefix('')),
      audit('CONCLUDED', { findings: state.findings.length }),
    );
  }

  // ---- main loop: the earliest step that is due, else wait for it or for a message
  await persist();
  for (;;) {
    if (state.state === 'CANCELLED') {
      send(
        'cancelled',
        {
          purpose: 'INSPECTION_CANCELLED',
          roles: AGENCY,
          channels: policy.sms ? ['email', 'sms'] : ['email'],
          data: { year: input.year, visitDate: state.visitDate, reason: state.cancelReason! },
        },
        CANCELLED_SUMMARY,
      );
      break;
    }
    if (state.resultRecordedAt && !state.findings.some(isOpenFinding)) {
      await conclude();
      break;
    }
    const now = Date.now();
    const next = inspectionAgenda(state, agendaContext).find((s) => !done.has(s.step));
    if (next && next.at <= now) {
      done.add(next.step);
      state.doneSteps.push(next.step);
      await perform(next);
      continue;
    }
    const wakeAt = Math.min(...[next?.at].filter((t): t is number => t !== undefined));
    changed = false;
    if (next && Number.isFinite(wakeAt))
      await condition(() => changed, Math.max(1, wakeAt - now), { summary: waitSummary(next) });
    else await condition(() => changed);
  }
  // The closing message's SMS may be held back by quiet hours; earlier reminders are moot now.
  // What the agency is still owed (the closing message, an SMS held back by the SMS window) goes out first.
  await condition(allHandlersFinished);
  await sender.drain();
  await mirror.flush();
  return state;
}
