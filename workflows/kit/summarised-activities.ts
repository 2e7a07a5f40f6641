import { proxyActivities, type ActivityOptions } from '@temporalio/workflow';
import type { Activities } from '../../activities';

// The Web UI lists each activity by its summary when it has one: this is the line an official reads
// for the workflow's own bookkeeping (the database mirror, look-ups, broadcasts), in Vietnamese.

/** What a journal entry records, for the kinds whose summary says more than "Ghi nhật ký". */
const AUDIT_SUMMARY: Record<string, string> = {
  NOTIFICATION_FAILED: 'Ghi nhật ký: gửi thông báo không thành công',
  NOTIFICATION_NOT_DELIVERED: 'Ghi nhật ký: thông báo chưa tới được người nhận',
  NOTIFICATION_SKIPPED: 'Ghi nhật ký: thông báo không gửi nữa vì đã quá lúc cần',
};

/** One line per activity; a function when the line depends on the call's input. */
export const ACTIVITY_SUMMARY: {
  [K in keyof Activities]?: string | ((...args: Parameters<Activities[K]>) => string);
} = {
  loadCalendarSnapshot: 'Đọc lịch ngày làm việc, ngày nghỉ',
  openCycleRecord: 'Ghi kỳ báo cáo vào sổ theo dõi',
  enrollUnits: 'Lập danh sách đơn vị phải nộp báo cáo',
  setCycleStatus: 'Ghi tình trạng kỳ báo cáo vào sổ theo dõi',
  recordReportState: 'Ghi tình trạng báo cáo của đơn vị vào sổ theo dõi',
  recordSubmission: 'Ghi báo cáo đã nhận vào sổ theo dõi',
  recordEscalation: 'Ghi báo cáo vượt cấp vào sổ theo dõi',
  markEscalationsTold: 'Lấy danh sách đơn vị báo cáo vượt cấp',
  recordFollowUp: 'Đếm đơn vị nộp thêm, còn thiếu sau tổng hợp',
  signalReports: 'Gửi yêu cầu tới báo cáo của các đơn vị',
  successionsToFollow: 'Tìm đơn vị sáp nhập trong kỳ',
  transferReports: 'Chuyển báo cáo của đơn vị sáp nhập cho đơn vị kế thừa',
  recordAuditEvent: (event) => AUDIT_SUMMARY[event.kind] ?? 'Ghi nhật ký',
  recordInspectionPlan: 'Ghi kế hoạch kiểm tra vào sổ theo dõi',
  completeInspectionPlan: 'Ghi kế hoạch kiểm tra đã xong vào sổ theo dõi',
  syncInspection: 'Ghi tình trạng cuộc kiểm tra vào sổ theo dõi',
  recordInspectionEscalation: 'Ghi báo cáo vượt cấp vào sổ theo dõi',
  resolveInspectionEscalations: 'Đóng các báo cáo vượt cấp đã xử lý',
};

/** `proxyActivities` whose every call carries the activity's Vietnamese summary. */
export function proxySummarisedActivities(options: ActivityOptions): Activities {
  const base = proxyActivities<Activities>(options);
  return new Proxy(base, {
    get(target, name: string) {
      const fn = target[name as keyof Activities];
      const summary = ACTIVITY_SUMMARY[name as keyof Activities] as
        string | ((...args: unknown[]) => string) | undefined;
      if (!summary) return fn;
      return (...args: unknown[]) =>
        (
          fn as unknown as { executeWithOptions(o: ActivityOptions, a: unknown[]): Promise<unknown> }
        ).executeWithOptions(
          { ...options, summary: typeof summary === 'function' ? summary(...args) : summary },
          args,
        );
    },
  });
}
