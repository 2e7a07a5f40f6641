import { proxyActivities, type ActivityOptions } from '@temporalio/workflow';
import type { Activities } from '../../activities';

// The Web UI lists each activity by its summary when it has one: this is the line an official reads
// for the workflow's own bookkeeping (the database mirror, look-ups, broadcasts), in Vietnamese.

export const ACTIVITY_SUMMARY: Partial<Record<keyof Activities, string>> = {
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
  recordAuditEvent: 'Ghi nhật ký',
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
      const summary = ACTIVITY_SUMMARY[name as keyof Activities];
      if (!summary) return fn;
      return (...args: unknown[]) =>
        (
          fn as unknown as { executeWithOptions(o: ActivityOptions, a: unknown[]): Promise<unknown> }
        ).executeWithOptions({ ...options, summary }, args);
    },
  });
}
