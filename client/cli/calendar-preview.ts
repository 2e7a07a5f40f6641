import {
  formatVnDatePadded,
  formatVnInstant,
  vnDateOf,
  weekdayVi,
  type DayChange,
  type IsoDate,
} from '../../domain/calendar';
import type { StepMove } from '../../domain/calendar-impact';
import type { AffectedWorkflow } from '../services/calendar-impact';
import type { PublishPreview } from '../services/calendar-publish';

// What `cchc calendar publish` shows before asking: the day changes of the year and the running
// workflows whose future steps move, in Vietnamese.

const day = (date: IsoDate) => `${weekdayVi(date)} ${formatVnDatePadded(date)}`;

/** `Thứ Hai 10/03/2031 08:00`; a deadline (the day's last instant) is said as its day. */
export function instantVi(ms: number): string {
  const time = formatVnInstant(ms).slice(11, 16);
  const date = vnDateOf(ms);
  return time === '23:59' ? `hết ngày ${day(date)}` : `${day(date)} ${time}`;
}

/** `02/12/2026 05:20`, Vietnam time: when something was done. */
export function momentVi(ms: number): string {
  return `${formatVnDatePadded(vnDateOf(ms))} ${formatVnInstant(ms).slice(11, 16)}`;
}

const move = (m: StepMove) => `${m.label}: ${instantVi(m.from)} → ${instantVi(m.to)}`;

function dayLines(title: string, sign: string, days: DayChange[]): string[] {
  return days.map((d) => `  ${sign} ${title} ${day(d.date)}${d.name ? `: ${d.name}` : ''}`);
}

function workflowLines(w: AffectedWorkflow): string[] {
  const lines = [`  ${w.workflowId} (${w.label}):`];
  for (const m of w.moves) lines.push(`    ${move(m)}`);
  for (const g of w.reports) {
    const due =
      g.newDueDate !== g.dueDate
        ? `hạn ${formatVnDatePadded(g.dueDate)} → ${formatVnDatePadded(g.newDueDate)}`
        : `hạn ${formatVnDatePadded(g.dueDate)}`;
    lines.push(`    ${g.count} báo cáo đơn vị (${g.explicit ? 'hạn đã gia hạn, ' : ''}${due}):`);
    for (const m of g.moves) lines.push(`      ${move(m)}`);
  }
  for (const d of w.nowDaysOff)
    lines.push(`    ${d.what} ${day(d.date)} nay là ngày nghỉ (${d.reason}): cần quyết định dời lịch`);
  for (const n of w.notes) lines.push(`    (${n})`);
  return lines;
}

/** The preview, line by line. */
export function previewLines(p: PublishPreview): string[] {
  const current =
    p.currentVersion === 0 ? 'bản 0 (dữ liệu kèm phần mềm)' : `bản ${p.currentVersion} (đã công bố)`;
  const c = p.changes;
  const days = [
    ...dayLines('ngày nghỉ', '+', c.daysOffAdded),
    ...dayLines('ngày nghỉ', '-', c.daysOffRemoved),
    ...c.daysOffRenamed.map((d) => `  ~ ngày nghỉ ${day(d.date)}: ${d.was} → ${d.name}`),
    ...dayLines('ngày làm bù', '+', c.workingDaysAdded),
    ...dayLines('ngày làm bù', '-', c.workingDaysRemoved),
  ];
  const lines = [
    `Lịch nghỉ năm ${p.year} trong ${p.file}: bản ${p.nextVersion}, thay cho ${current}.`,
    'Thay đổi ngày nghỉ, ngày làm bù:',
    ...(days.length > 0 ? days : ['  (không có ngày nào đổi)']),
    ...p.otherChanges.map((o) => `  ${o}`),
  ];
  const { affected, unaffected } = p.impact;
  const running = affected.length + unaffected;
  if (affected.length === 0)
    lines.push(`Quy trình đang chạy có bước sắp tới bị dời: không có (đã xem ${running} quy trình).`);
  else {
    lines.push(`Quy trình đang chạy có bước sắp tới bị dời: ${affected.length} trên ${running}:`);
    for (const w of affected) lines.push(...workflowLines(w));
  }
  return lines;
}
