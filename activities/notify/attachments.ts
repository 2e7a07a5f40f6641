import type { NotificationPurpose, TemplateData } from '../../domain/templates';
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
  try {
    // Loaded on first use: the worker starts without the document and chart libraries.
    const { buildSummaryDocx } = await import('../../documents/summary-docx');
    const content = await buildSummaryDocx(summary);
    return [
      {
        filename: `bao-cao-tong-hop-CCHC-${summary.year}-${summary.period}.docx`,
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
