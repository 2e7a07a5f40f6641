import type { CycleContext, Lateness } from '../../domain/templates';

// The cycles the reporting templates are tested in (CCHC and KSTTHC, real and drill), with the
// dates their messages speak of and how those must read; real unit names and fictitious contacts.

const CCHC_WORDS = {
  regime: 'CCHC',
  reportName: 'báo cáo CCHC',
  collectorName: 'Sở Nội vụ',
  deskName: 'Phòng Cải cách hành chính, Sở Nội vụ',
  directorName: 'Giám đốc Sở Nội vụ',
  signature: 'Sở Nội vụ tỉnh Đồng Tháp (Phòng Cải cách hành chính)',
  submission: {
    how:
      'Gửi báo cáo có chữ ký số của Thủ trưởng đơn vị qua Hệ thống quản lý văn bản và điều hành của tỉnh ' +
      'tới Sở Nội vụ, đồng thời gửi bản Word qua thư điện tử.',
    system: 'Hệ thống quản lý văn bản và điều hành tỉnh Đồng Tháp',
    address: 'phongcchc.snv@dongthap.example',
    template: 'Đề cương báo cáo CCHC định kỳ (Phụ lục kèm Công văn 581/BNV-CCHC)',
  },
};
const KSTTHC_WORDS = {
  regime: 'KSTTHC',
  reportName: 'báo cáo kiểm soát TTHC',
  collectorName: 'Văn phòng UBND tỉnh',
  deskName: 'Phòng Kiểm soát thủ tục hành chính, Văn phòng UBND tỉnh',
  directorName: 'Chánh Văn phòng UBND tỉnh',
  signature: 'Văn phòng UBND tỉnh Đồng Tháp (Phòng Kiểm soát thủ tục hành chính)',
  submission: {
    how:
      'Nhập số liệu trên Hệ thống thông tin báo cáo của tỉnh và gửi báo cáo có chữ ký số tới Văn phòng ' +
      'UBND tỉnh qua Hệ thống quản lý văn bản và điều hành.',
    system: 'Hệ thống thông tin báo cáo tỉnh Đồng Tháp',
    template: 'Mẫu báo cáo kiểm soát TTHC (Thông tư 01/2020/TT-VPCP)',
  },
};

/** A cycle and the dates its messages speak of, with how they must read. */
export interface Scenario {
  name: string;
  cycle: CycleContext;
  windowStart: string;
  cutoff: string;
  dueDate: string;
  dueAt: number;
  /** The deadline in a sentence. */
  due: string;
  /** The deadline in a subject or a table. */
  dueShort: string;
  late: Lateness;
  lateText: string;
  /** The report as messages name it. */
  report: string;
  /** The day of the escalations and the summary. */
  asOf: string;
  /** A deadline extended: the new one, and how it reads in a sentence and in a table. */
  extended: { dueDate: string; dueAt: number; due: string; dueShort: string };
  /** A follow-up digest's window and a late report that came in during it. */
  followUp: { since: string; asOf: string; window: string; receivedAt: string; received: string };
}

const at = (iso: string) => Date.parse(iso);

export const CCHC_REAL: Scenario = {
  name: 'CCHC real',
  cycle: { ...CCHC_WORDS, key: 'CCHC-2027-Q1', year: 2027, period: 'Q1', periodName: 'Quý I', drill: false },
  windowStart: '2026-12-15',
  cutoff: '2027-03-14',
  dueDate: '2027-03-16',
  dueAt: at('2027-03-16T23:59:59+07:00'),
  due: 'hết ngày thứ Ba, 16/03/2027',
  dueShort: '16/03/2027',
  late: { unit: 'workingDays', amount: 3 },
  lateText: '3 ngày làm việc',
  report: 'báo cáo CCHC Quý I năm 2027',
  asOf: '2027-03-19',
  extended: {
    dueDate: '2027-03-19',
    dueAt: at('2027-03-19T23:59:59+07:00'),
    due: 'hết ngày thứ Sáu, 19/03/2027',
    dueShort: '19/03/2027',
  },
  followUp: {
    since: '2027-03-22',
    asOf: '2027-03-29',
    window: 'từ ngày 22/03/2027 đến ngày 29/03/2027',
    receivedAt: '2027-03-24T02:30:00Z',
    received: '09:30 ngày 24/03/2027',
  },
};

/** The README's drill of Q1 2027, run on 2/12/2026: its deadline is minutes away. */
export const CCHC_DRILL: Scenario = {
  ...CCHC_REAL,
  name: 'CCHC drill',
  cycle: { ...CCHC_REAL.cycle, key: 'CCHC-2027-Q1-DT1', drill: true },
  dueDate: '2026-12-02',
  dueAt: at('2026-12-02T09:07:00+07:00'),
  due: '09:07 ngày 02/12/2026',
  dueShort: '09:07 ngày 02/12/2026',
  late: { unit: 'minutes', amount: 2 },
  lateText: '2 phút',
  asOf: '2026-12-02',
  extended: {
    dueDate: '2026-12-02',
    dueAt: at('2026-12-02T09:37:00+07:00'),
    due: '09:37 ngày 02/12/2026',
    dueShort: '09:37 ngày 02/12/2026',
  },
  followUp: {
    since: '2026-12-02',
    asOf: '2026-12-02',
    window: 'trong ngày 02/12/2026',
    receivedAt: '2026-12-02T02:41:00Z',
    received: '09:41 ngày 02/12/2026',
  },
};

export const KSTTHC_REAL: Scenario = {
  name: 'KSTTHC real',
  cycle: {
    ...KSTTHC_WORDS,
    key: 'KSTTHC-2027-Q4',
    year: 2027,
    period: 'Q4',
    periodName: 'Quý IV',
    drill: false,
  },
  windowStart: '2027-09-15',
  cutoff: '2027-12-14',
  dueDate: '2027-12-20',
  dueAt: at('2027-12-20T23:59:59+07:00'),
  due: 'hết ngày thứ Hai, 20/12/2027',
  dueShort: '20/12/2027',
  late: { unit: 'workingDays', amount: 1 },
  lateText: '1 ngày làm việc',
  report: 'báo cáo kiểm soát TTHC Quý IV năm 2027',
  asOf: '2027-12-23',
  extended: {
    dueDate: '2027-12-29',
    dueAt: at('2027-12-29T23:59:59+07:00'),
    due: 'hết ngày thứ Tư, 29/12/2027',
    dueShort: '29/12/2027',
  },
  followUp: {
    since: '2027-12-23',
    asOf: '2027-12-30',
    window: 'từ ngày 23/12/2027 đến ngày 30/12/2027',
    receivedAt: '2027-12-27T02:30:00Z',
    received: '09:30 ngày 27/12/2027',
  },
};

export const KSTTHC_DRILL: Scenario = {
  ...KSTTHC_REAL,
  name: 'KSTTHC drill',
  cycle: { ...KSTTHC_REAL.cycle, key: 'KSTTHC-2027-Q4-DT3', drill: true },
  dueDate: '2026-12-02',
  dueAt: at('2026-12-02T14:35:00+07:00'),
  due: '14:35 ngày 02/12/2026',
  dueShort: '14:35 ngày 02/12/2026',
  late: { unit: 'minutes', amount: 75 },
  lateText: '1 giờ 15 phút',
  extended: {
    dueDate: '2026-12-02',
    dueAt: at('2026-12-02T15:05:00+07:00'),
    due: '15:05 ngày 02/12/2026',
    dueShort: '15:05 ngày 02/12/2026',
  },
  followUp: { ...CCHC_DRILL.followUp },
};

export const SCENARIOS = [CCHC_REAL, CCHC_DRILL, KSTTHC_REAL, KSTTHC_DRILL];

/** Fictitious contacts on a reserved domain. */
export const STP_CONTACTS = [
  {
    role: 'head' as const,
    name: 'Trần Văn Bình',
    email: 'giamdoc.stp@dongthap.example',
    phone: '0900000102',
  },
  {
    role: 'focal_point' as const,
    name: 'Nguyễn Thị Lan',
    email: 'daumoi.stp@dongthap.example',
    phone: '0900000101',
  },
];

/**
 * Real unit names of the province as it is since 1/7/2025 (the 12 departments, the office, the
 * economic-zone board, the public-service centre and the longest commune names), and the longest
 * of the 2022 set: the SMS must name each in full.
 */
export const UNIT_NAMES = [
  { code: 'VPUBND', name: 'Văn phòng Ủy ban nhân dân tỉnh Đồng Tháp' },
  { code: 'SNV', name: 'Sở Nội vụ' },
  { code: 'STC', name: 'Sở Tài chính' },
  { code: 'STP', name: 'Sở Tư pháp' },
  { code: 'SXD', name: 'Sở Xây dựng' },
  { code: 'SCT', name: 'Sở Công Thương' },
  { code: 'SNNMT', name: 'Sở Nông nghiệp và Môi trường' },
  { code: 'SKHCN', name: 'Sở Khoa học và Công nghệ' },
  { code: 'SVHTTDL', name: 'Sở Văn hóa, Thể thao và Du lịch' },
  { code: 'SGDDT', name: 'Sở Giáo dục và Đào tạo' },
  { code: 'SYT', name: 'Sở Y tế' },
  { code: 'TTT', name: 'Thanh tra tỉnh' },
  { code: 'BQLKKT', name: 'Ban Quản lý Khu kinh tế tỉnh Đồng Tháp' },
  { code: 'TTPVHCC', name: 'Trung tâm Phục vụ hành chính công tỉnh Đồng Tháp' },
  { code: 'P_MYPHUOCTAY', name: 'Phường Mỹ Phước Tây' },
  { code: 'X_BINHHANGTRUNG', name: 'Xã Bình Hàng Trung' },
  { code: 'X_TANKHANHTRUNG', name: 'Xã Tân Khánh Trung' },
  { code: 'SNNPTNT', name: 'Sở Nông nghiệp và Phát triển nông thôn' },
  { code: 'SLDTBXH', name: 'Sở Lao động - Thương binh và Xã hội' },
];
