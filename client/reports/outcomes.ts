import { formatVnDatePadded, vnDateOf, vnMinuteOfDay, VN_OFFSET_MS } from '../../domain/calendar';
import { OUTCOME_LABELS, type OutcomeCounts } from '../../documents/labels';
import type { UnitKind, UnitOutcome } from '../services/exports';

// What each unit's obligation in a cycle came to, in officials' words: on time, late by N working
// days, not submitted, exempt, or (still open) on an extended deadline. Shared by every export.

export type OutcomeKind = keyof OutcomeCounts;

export interface UnitResult {
  kind: OutcomeKind;
  /** "Đúng hạn", "Trễ 2 ngày làm việc", "Chưa gửi", "Được miễn", "Gia hạn đến 20/03/2027". */
  text: string;
  /** Working days late of a late report; null otherwise. */
  workingDaysLate: number | null;
  /** Extension, exemption reason, corrected versions. */
  note: string;
}

export const KIND_VI: Record<UnitKind, string> = {
  PROVINCE: 'Tỉnh',
  DEPARTMENT: 'Sở, ban, ngành',
  DISTRICT: 'Huyện, thành phố',
  COMMUNE: 'Xã, phường',
  XA: 'Xã',
  PHUONG: 'Phường',
  DAC_KHU: 'Đặc khu',
};

/** `dd/mm/yyyy` of an instant, on Vietnam's clock. */
export const vnDate = (at: Date): string => formatVnDatePadded(vnDateOf(at.getTime()));

/** `HH:mm` of an instant, on Vietnam's clock. */
export function vnTime(at: Date): string {
  const minutes = vnMinuteOfDay(at.getTime());
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/** A deadline is the end of its day (23:59:59.999); a drill's may be any minute. */
export const isEndOfDay = (at: Date): boolean => (at.getTime() + VN_OFFSET_MS + 1) % 86_400_000 === 0;

/** `dd/mm/yyyy` for a deadline at the end of its day, `dd/mm/yyyy HH:mm` otherwise. */
export const formatDeadline = (at: Date): string =>
  isEndOfDay(at) ? vnDate(at) : `${vnDate(at)} ${vnTime(at)}`;

export const formatInstant = (at: Date): string => `${vnDate(at)} ${vnTime(at)}`;

export function resultOf(u: UnitOutcome): UnitResult {
  const notes: string[] = [];
  if (u.extendedReason) notes.push(`Gia hạn đến ${formatDeadline(u.dueAt)}: ${u.extendedReason}`);
  if (u.exemptReason) notes.push(`Miễn: ${u.exemptReason}`);
  if (u.versions > 1) notes.push(`Đã gửi ${u.versions} lần (bản sau thay bản trước)`);
  const note = notes.join('; ');
  switch (u.state) {
    case 'SUBMITTED_ON_TIME':
      return { kind: 'onTime', text: OUTCOME_LABELS.onTime, workingDaysLate: null, note };
    case 'SUBMITTED_LATE': {
      // A late report is at least one working day late, whatever the mirror holds.
      const days = Math.max(1, u.workingDaysLate ?? 1);
      return { kind: 'late', text: `Trễ ${days} ngày làm việc`, workingDaysLate: days, note };
    }
    case 'EXEMPT':
      return { kind: 'exempt', text: OUTCOME_LABELS.exempt, workingDaysLate: null, note };
    case 'PENDING':
      // PENDING is before the deadline in force: an extended one not passed yet is "on extension".
      if (u.extendedReason)
        return {
          kind: 'extended',
          text: `Gia hạn đến ${formatDeadline(u.dueAt)}`,
          workingDaysLate: null,
          note,
        };
      return { kind: 'notSubmitted', text: OUTCOME_LABELS.notSubmitted, workingDaysLate: null, note };
    case 'OVERDUE':
      return { kind: 'notSubmitted', text: OUTCOME_LABELS.notSubmitted, workingDaysLate: null, note };
  }
}

export function countOutcomes(results: { kind: OutcomeKind }[]): OutcomeCounts {
  const counts: OutcomeCounts = { onTime: 0, late: 0, notSubmitted: 0, exempt: 0, extended: 0 };
  for (const r of results) counts[r.kind] += 1;
  return counts;
}
