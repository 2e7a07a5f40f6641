import { addDays, hungKingsDay, lunarNewYear, lunarToSolar, solarToLunar } from '../../domain/calendar';

// Expected values are published facts (Vietnamese calendars, government holiday notices), not
// outputs of this code.

describe('Vietnamese lunar calendar (Hồ Ngọc Đức method, UTC+7)', () => {
  it.each([
    [2022, '2022-02-01'],
    [2023, '2023-01-22'],
    [2024, '2024-02-10'],
    [2025, '2025-01-29'],
    [2026, '2026-02-17'],
  ])('mùng 1 Tết %i is %s', (year, date) => {
    expect(lunarNewYear(year)).toBe(date);
    expect(solarToLunar(date)).toEqual({ day: 1, month: 1, year, leap: false });
  });

  it('follows the Vietnamese, not the Chinese, calendar where they differ', () => {
    // 1985: Vietnam celebrated Tết on 21/1, China on 20/2. 2007: Vietnam 17/2, China 18/2.
    expect(lunarNewYear(1985)).toBe('1985-01-21');
    expect(lunarNewYear(2007)).toBe('2007-02-17');
  });

  it.each([
    [2022, '2022-04-10'], // a Sunday, made up on Monday 11/4 (docs/domain.md)
    [2023, '2023-04-29'],
    [2024, '2024-04-18'],
    [2025, '2025-04-07'],
    [2026, '2026-04-26'],
  ])('Giỗ Tổ Hùng Vương (10/3 lunar) %i is %s', (year, date) => {
    expect(hungKingsDay(year)).toBe(date);
    expect(solarToLunar(date)).toEqual({ day: 10, month: 3, year, leap: false });
  });

  it('knows the days around Tết 2026 as the notices name them', () => {
    // "thứ Bảy 14/2/2026 (27 tháng Chạp năm Ất Tỵ) … Chủ nhật 22/2/2026 (mùng 6 tháng Giêng)".
    expect(solarToLunar('2026-02-14')).toEqual({ day: 27, month: 12, year: 2025, leap: false });
    expect(solarToLunar('2026-02-16')).toEqual({ day: 29, month: 12, year: 2025, leap: false }); // last day: a 29-day Chạp
    expect(solarToLunar('2026-02-22')).toEqual({ day: 6, month: 1, year: 2026, leap: false });
  });

  it('handles the leap second month of Quý Mão (2023)', () => {
    expect(solarToLunar('2023-03-22')).toEqual({ day: 1, month: 2, year: 2023, leap: true });
    expect(solarToLunar('2023-03-23')).toEqual({ day: 2, month: 2, year: 2023, leap: true });
    expect(lunarToSolar({ day: 1, month: 2, year: 2023, leap: true })).toBe('2023-03-22');
    expect(() => lunarToSolar({ day: 1, month: 3, year: 2023, leap: true })).toThrow(/leap month 3/);
    expect(() => lunarToSolar({ day: 1, month: 2, year: 2022, leap: true })).toThrow(/no leap month/);
  });

  it('rejects lunar days that do not exist', () => {
    // Chạp of Ất Tỵ has 29 days (see above), so there is no 30 Tết in 2026.
    expect(() => lunarToSolar({ day: 30, month: 12, year: 2025 })).toThrow(/no day 30/);
    expect(() => lunarToSolar({ day: 0, month: 1, year: 2025 })).toThrow(/invalid lunar date/);
  });

  it('converts every day of 2020–2030 there and back', () => {
    for (let d = '2020-01-01'; d <= '2030-12-31'; d = addDays(d, 1)) {
      const lunar = solarToLunar(d);
      if (lunarToSolar(lunar) !== d)
        throw new Error(`${d} → ${JSON.stringify(lunar)} → ${lunarToSolar(lunar)}`);
    }
  });
});
