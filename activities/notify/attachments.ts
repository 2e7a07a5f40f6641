import { formatDate, type NotificationPurpose, type TemplateData } from '../../domain/templates';
import type { MessageAttachment } from '../channels';
import type { Attempt } from './attempt';

// The files a purpose's message carries, built from the same payload as its text: the UBND_SUMMARY
// email carries the consolidated report as a DOCX (Nghị định 30/2020 format) to number and sign.
// A file that cannot be built is logged and left out: the summary itself must still go.

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

export async function attachmentsFor(
  purpose: NotificationPurpose,
  data: TemplateData<NotificationPurpose>,
  log: Attempt['log'],
): Promise<MessageAttachment[]> {
  if (purpose !== 'UBND_SUMMARY') return [];
  const summary = data as TemplateData<'UBND_SUMMARY'>;
  const { cycle } = summary;
  try {
    // Loaded on first use: the worker starts without the document and chart libraries.
    const { buildSummaryDocx } = await import('../../documents/summary-docx');
    const content = await buildSummaryDocx({
      year: cycle.year,
      period: cycle.period,
      periodLabel: cycle.periodName,
      drill: cycle.drill,
      dueDate: summary.dueDate,
      asOf: summary.asOf,
      totals: {
        ...summary.totals,
        // The document has no column for extensions: an extended unit has not submitted yet.
        notSubmitted: summary.totals.notSubmitted + summary.totals.extended,
      },
      onTime: summary.onTime,
      late: summary.late.map((u) => ({
        code: u.code,
        name: u.name,
        workingDaysLate: u.late.unit === 'workingDays' ? u.late.amount : 0,
      })),
      notSubmitted: [
        ...summary.notSubmitted.map((u) => ({ code: u.code, name: u.name })),
        ...summary.extended.map((u) => ({
          code: u.code,
          name: `${u.name} (gia hạn đến ${formatDate(u.dueDate)})`,
        })),
      ],
      exempt: summary.exempt,
    });
    return [
      {
        filename: `bao-cao-tong-hop-${cycle.key}.docx`,
        contentType: DOCX,
        content,
      },
    ];
  } catch (err) {
    log('error', 'notify: the summary document could not be built; sending the summary without it', {
      purpose,
      error: err instanceof Error ? err.message.split('\n')[0] : String(err),
    });
    return [];
  }
}
