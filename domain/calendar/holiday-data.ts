import { HOLIDAY_NAMES as N, MAKE_UP_SUFFIX as BU, type HolidayYear } from './holidays';

// Days off for civil servants (Monday–Friday workers) as announced each year by the Government
// (Thông báo of Bộ LĐ-TB&XH, from 2025 Bộ Nội vụ, on the Prime Minister's decision). Runs are the
// whole announced break, weekends included. To add a year, copy its notice here; until then the
// calendar proposes one from the lunar calendar and warns.

const SWAP = 'Nghỉ hoán đổi ngày làm việc';

export const HOLIDAY_YEARS: readonly HolidayYear[] = [
  {
    year: 2021,
    confirmed: true,
    source: 'Thông báo nghỉ lễ, Tết năm 2021 cho cán bộ, công chức, viên chức',
    holidays: [
      { date: '2021-01-01', name: N.newYear },
      { date: '2021-02-10', until: '2021-02-16', name: N.tet },
      { date: '2021-04-21', name: N.hungKings },
      { date: '2021-04-30', name: N.reunification },
      { date: '2021-05-01', name: N.labourDay },
      { date: '2021-05-03', name: N.labourDay + BU },
      { date: '2021-09-02', until: '2021-09-03', name: N.nationalDay },
    ],
    workingDays: [],
  },
  {
    year: 2022,
    confirmed: true,
    source: 'Thông báo nghỉ lễ, Tết năm 2022 cho cán bộ, công chức, viên chức (domain/DOMAIN.md)',
    holidays: [
      { date: '2022-01-01', until: '2022-01-03', name: N.newYear },
      { date: '2022-01-29', until: '2022-02-06', name: N.tet },
      { date: '2022-04-10', name: N.hungKings },
      { date: '2022-04-11', name: N.hungKings + BU },
      { date: '2022-04-30', name: N.reunification },
      { date: '2022-05-01', name: N.labourDay },
      { date: '2022-05-02', name: N.reunification + BU },
      { date: '2022-05-03', name: N.labourDay + BU },
      { date: '2022-09-01', until: '2022-09-04', name: N.nationalDay },
    ],
    workingDays: [],
  },
  {
    year: 2023,
    confirmed: true,
    source: 'Thông báo nghỉ lễ, Tết năm 2023 cho cán bộ, công chức, viên chức',
    holidays: [
      { date: '2023-01-01', name: N.newYear },
      { date: '2023-01-02', name: N.newYear + BU },
      { date: '2023-01-20', until: '2023-01-26', name: N.tet },
      { date: '2023-04-29', name: N.hungKings },
      { date: '2023-04-30', name: N.reunification },
      { date: '2023-05-01', name: N.labourDay },
      { date: '2023-05-02', name: N.hungKings + BU },
      { date: '2023-05-03', name: N.reunification + BU },
      { date: '2023-09-01', until: '2023-09-04', name: N.nationalDay },
    ],
    workingDays: [],
  },
  {
    year: 2024,
    confirmed: true,
    source: 'Thông báo nghỉ Tết, Quốc khánh năm 2024 và quyết định hoán đổi ngày làm việc dịp 30/4–1/5/2024',
    holidays: [
      { date: '2024-01-01', name: N.newYear },
      { date: '2024-02-08', until: '2024-02-14', name: N.tet },
      { date: '2024-04-18', name: N.hungKings },
      { date: '2024-04-29', name: `${SWAP} (làm bù Thứ Bảy 4/5/2024)` },
      { date: '2024-04-30', name: N.reunification },
      { date: '2024-05-01', name: N.labourDay },
      { date: '2024-08-31', until: '2024-09-03', name: N.nationalDay },
    ],
    workingDays: [{ date: '2024-05-04', name: 'Làm bù cho Thứ Hai 29/4/2024' }],
  },
  {
    year: 2025,
    confirmed: true,
    source: 'Thông báo nghỉ Tết, Quốc khánh năm 2025 và quyết định hoán đổi ngày làm việc dịp 30/4–1/5/2025',
    holidays: [
      { date: '2025-01-01', name: N.newYear },
      { date: '2025-01-25', until: '2025-02-02', name: N.tet },
      { date: '2025-04-07', name: N.hungKings },
      { date: '2025-04-30', name: N.reunification },
      { date: '2025-05-01', name: N.labourDay },
      { date: '2025-05-02', name: `${SWAP} (làm bù Thứ Bảy 26/4/2025)` },
      { date: '2025-08-30', until: '2025-09-02', name: N.nationalDay },
    ],
    workingDays: [{ date: '2025-04-26', name: 'Làm bù cho Thứ Sáu 2/5/2025' }],
  },
  {
    year: 2026,
    confirmed: false,
    source:
      'Văn bản 12729/VPCP-KGVX (Tết Dương lịch), phương án nghỉ Tết Âm lịch 2026 đã chốt; Giỗ Tổ và 30/4–1/5 theo luật',
    note: 'chưa có thông báo chính thức về ngày nghỉ Quốc khánh 2/9/2026 (tạm lấy 1/9 và 2/9)',
    holidays: [
      { date: '2026-01-01', name: N.newYear },
      { date: '2026-01-02', name: `${SWAP} (làm bù Thứ Bảy 10/1/2026)` },
      { date: '2026-02-14', until: '2026-02-22', name: N.tet },
      { date: '2026-04-26', name: N.hungKings },
      { date: '2026-04-27', name: N.hungKings + BU },
      { date: '2026-04-30', name: N.reunification },
      { date: '2026-05-01', name: N.labourDay },
      { date: '2026-09-01', until: '2026-09-02', name: N.nationalDay },
    ],
    workingDays: [{ date: '2026-01-10', name: 'Làm bù cho Thứ Sáu 2/1/2026' }],
  },
];
