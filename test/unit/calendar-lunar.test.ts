import { addDays, hungKingsDay, lunarNewYear, solarToLunar } from '../../domain/calendar';

// The lunar helper proposes the days off of years without notices, so its dates for the years ahead
// are checked against published calendars (expected values are copied from them, not from this code):
// - mùng 1 Tết and Giỗ Tổ Hùng Vương (10/3 âm lịch) 2027–2035: the Vietnamese holiday list of KDE's
//   kholidays (holidays/plan2/holiday_vn_en, from timeanddate.com and Wikipedia's "Public holidays in
//   Vietnam"); that list follows the Chinese reckoning where the two calendars part, e.g. it gives
//   18/2/2007 for Tết where Vietnam celebrated 17/2/2007, and so it gives 3/2/2030;
// - Tết 2030 on 2/2/2030 in Vietnam, one day before China (new moon at 23:07 on 2/2 at UTC+7,
//   00:07 on 3/2 at UTC+8): a calendar official quoted by viet-jo.com (6/7/2006: "2030 and 2053"),
//   scienceinfo.net after Hoàng Xuân Hãn, and Hồ Ngọc Đức's rules ("2/2/2030 and 3/2/2030");
// - Tết Đinh Mùi 2027 on Saturday 6/2/2027, with 29 Tết on Friday 5/2: NTDVN, "Tết 2027 vào ngày
//   nào?" (day by day from xemlicham.com);
// - no 30 Tết from Tết 2025 to Tết 2032, a 30 Tết again in 2033: Phạm Vũ Lộc (Vietnam Space Center),
//   Công Luận, 21/1/2024.

const TET: [number, string, string][] = [
  [2027, '2027-02-06', 'Đinh Mùi'],
  [2028, '2028-01-26', 'Mậu Thân'],
  [2029, '2029-02-13', 'Kỷ Dậu'],
  [2030, '2030-02-02', 'Canh Tuất'], // Vietnam; China 3/2/2030
  [2031, '2031-01-23', 'Tân Hợi'],
  [2032, '2032-02-11', 'Nhâm Tý'],
  [2033, '2033-01-31', 'Quý Sửu'],
  [2034, '2034-02-19', 'Giáp Dần'],
  [2035, '2035-02-08', 'Ất Mão'],
];

const HUNG_KINGS: [number, string][] = [
  [2027, '2027-04-16'],
  [2028, '2028-04-04'],
  [2029, '2029-04-23'],
  [2030, '2030-04-12'],
  [2031, '2031-04-01'],
  [2032, '2032-04-19'],
  [2033, '2033-04-09'],
  [2034, '2034-04-28'],
  [2035, '2035-04-17'],
];

describe('the lunar helper against published calendars, 2027–2035', () => {
  it.each(TET)('puts mùng 1 Tết %i on %s (%s)', (year, date) => {
    expect(lunarNewYear(year)).toBe(date);
    expect(solarToLunar(date)).toEqual({ day: 1, month: 1, year, leap: false });
  });

  it.each(HUNG_KINGS)('puts Giỗ Tổ Hùng Vương %i (10/3 âm lịch) on %s', (year, date) => {
    expect(hungKingsDay(year)).toBe(date);
    expect(solarToLunar(date)).toEqual({ day: 10, month: 3, year, leap: false });
  });

  it('reckons 2030 at UTC+7: Tết one day before the Chinese New Year', () => {
    expect(solarToLunar('2030-02-02', 7)).toMatchObject({ day: 1, month: 1, year: 2030 });
    expect(solarToLunar('2030-02-02', 8)).toMatchObject({ day: 30, month: 12, year: 2029 });
    expect(solarToLunar('2030-02-03', 8)).toMatchObject({ day: 1, month: 1, year: 2030 });
  });

  it('has 29 Tết as the last day of the year until Tết 2032, and a 30 Tết in 2033–2035', () => {
    expect(solarToLunar('2027-02-05')).toMatchObject({ day: 29, month: 12, year: 2026 }); // NTDVN
    for (const [year, date] of TET) {
      const eve = solarToLunar(addDays(date, -1));
      expect([year, eve.month, eve.day]).toEqual([year, 12, year <= 2032 ? 29 : 30]);
    }
  });
});
