import { reportOf, type ReportingPurpose } from './cycle-words';
import { formatDate, formatLateness, formatVnDateTime } from './format';
import type { CycleContext, Lateness, NotificationPurpose, TemplateData } from './schemas';
import { IN_EMAIL } from './sms-inspection';

// SMS of a reporting cycle, as registered with the carrier: fixed unaccented wording with the
// regime's words, names, dates and numbers filled in (renderSms strips the diacritics of values).

/** `budget`: the characters the whole text may take (two segments less the drill mark). */
type Sms<P extends NotificationPurpose> = (d: TemplateData<P>, agency: string, budget: number) => string;

const WHERE = 'Cach gui va chi tiet trong email.';

/** A deadline still ahead: `het ngay 16/03/2027`, or a drill's `01:02 ngay 02/12/2026`. */
function until(c: CycleContext, dueDate: string, dueAt: number | undefined): string {
  return c.drill && dueAt !== undefined ? formatVnDateTime(dueAt) : `het ngay ${formatDate(dueDate)}`;
}

/** A deadline passed or in a list: `16/03/2027`, or a drill's `01:02 ngay 02/12/2026`. */
function at(c: CycleContext, dueDate: string, dueAt: number | undefined): string {
  return c.drill && dueAt !== undefined ? formatVnDateTime(dueAt) : formatDate(dueDate);
}

/** `3 ngay`, `12 phut`: short, in a list of codes. */
function shortLate(late: Lateness): string {
  return late.unit === 'workingDays' ? `${late.amount} ngay` : formatLateness(late);
}

/** As many items as fit in `budget` characters, then 'va N don vi khac'. */
function fitList(items: string[], budget: number): string {
  const all = items.join(', ');
  if (all.length <= budget) return all;
  for (let shown = items.length - 1; shown > 0; shown--) {
    const text = `${items.slice(0, shown).join(', ')} va ${items.length - shown} don vi khac`;
    if (text.length <= budget) return text;
  }
  return `${items.length} don vi`;
}

/** `head` + as many `items` as fit + `tail`, within `budget`. */
function withList(head: string, items: string[], tail: string, budget: number): string {
  return `${head}${fitList(items, budget - head.length - tail.length)}${tail}`;
}

export const reportingSms: { [P in ReportingPurpose]: Sms<P> } = {
  CYCLE_OPENING: (d, a) =>
    `${a}: ${d.cycle.collectorName} de nghi gui ${reportOf(d.cycle)} ` +
    `(so lieu tu ${formatDate(d.windowStart)} den ${formatDate(d.cutoff)}), ` +
    `han ${until(d.cycle, d.dueDate, d.dueAt)}. ${WHERE}`,
  REPORT_REMINDER: (d, a) => {
    const c = d.cycle;
    const when = c.drill
      ? until(c, d.dueDate, d.dueAt)
      : d.workingDaysLeft === 0
        ? `hom nay, ${until(c, d.dueDate, d.dueAt)}`
        : `${until(c, d.dueDate, d.dueAt)} (con ${d.workingDaysLeft} ngay lam viec)`;
    return (
      `${a}: han gui ${reportOf(c)} ve ${c.collectorName} la ${when}. ` +
      'De nghi gui dung han. Neu da gui, xin bo qua tin nay.'
    );
  },
  REPORT_DUE_TODAY: (d, a) =>
    d.cycle.drill
      ? `${a}: han cuoi gui ${reportOf(d.cycle)} ve ${d.cycle.collectorName} la ` +
        `${until(d.cycle, d.dueDate, d.dueAt)}. De nghi gui truoc han. ${WHERE}`
      : `${a}: hom nay ${formatDate(d.dueDate)} la han cuoi gui ${reportOf(d.cycle)} ve ` +
        `${d.cycle.collectorName}. De nghi gui trong ngay. ${WHERE}`,
  REPORT_OVERDUE: (d, a) =>
    `${a}: chua gui ${reportOf(d.cycle)} (han ${at(d.cycle, d.dueDate, d.dueAt)}), ` +
    `da cham ${formatLateness(d.late)}. De nghi Thu truong don vi chi dao gui ngay ve ${d.cycle.collectorName}.`,
  ESCALATION_SNV: (d, _a, budget) =>
    withList(
      `${d.cycle.collectorName}: ${d.lateAgencies.length} don vi chua gui ${reportOf(d.cycle)} da qua han: `,
      d.lateAgencies.map((x) => `${x.code} (${shortLate(x.late)})`),
      `. ${IN_EMAIL}`,
      budget,
    ),
  SUBMISSION_RECEIPT: (d, a) =>
    `${d.cycle.collectorName} da nhan ${reportOf(d.cycle)} cua ${a}, so bien nhan ${d.receiptNumber}, ` +
    `${d.onTime ? 'dung han' : d.late ? `cham ${formatLateness(d.late)}` : 'cham han'}.`,
  UBND_SUMMARY: (d) => {
    const t = d.totals;
    return (
      `${d.cycle.collectorName}: ${reportOf(d.cycle)} (han ${at(d.cycle, d.dueDate, d.dueAt)}): ` +
      `${t.agencies} don vi, ${t.onTime} dung han, ${t.late} cham, ${t.notSubmitted} chua gui, ` +
      `${t.extended} gia han, ${t.exempt} duoc mien. ${IN_EMAIL}`
    );
  },
  DEADLINE_EXTENDED: (d, a) =>
    `${a}: ${d.cycle.collectorName} gia han gui ${reportOf(d.cycle)} den ${until(d.cycle, d.dueDate, d.dueAt)}. ` +
    WHERE,
  EXEMPTED: (d, a) =>
    `${a}: ${d.cycle.collectorName} thong bao don vi duoc mien gui ${reportOf(d.cycle)}. ${IN_EMAIL}`,
  FOLLOW_UP_DIGEST: (d, _a, budget) =>
    withList(
      `${d.cycle.collectorName}: ${reportOf(d.cycle)}: tu ${formatDate(d.since)} nhan them ${d.arrived.length} ` +
        `bao cao, con ${d.missing.length} don vi chua gui` +
        (d.missing.length > 0 ? ': ' : ''),
      d.missing.map((x) => x.code),
      `. ${IN_EMAIL}`,
      budget,
    ),
};
