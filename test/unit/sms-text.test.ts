import { SMS_MAX_SEPTETS, gsm7Segments, gsm7Septets, isGsm7, toSmsText } from '../../domain/sms-text';

describe('toSmsText: Vietnamese without diacritics, plain GSM-7', () => {
  it.each([
    ['Đồng Tháp', 'Dong Thap'],
    ['Sở Lao động - Thương binh và Xã hội', 'So Lao dong - Thuong binh va Xa hoi'],
    ['Ủy ban nhân dân tỉnh Đồng Tháp', 'Uy ban nhan dan tinh Dong Thap'],
    ['đ Đ ă Ă â Â ê Ê ô Ô ơ Ơ ư Ư', 'd D a A a A e E o O o O u U'],
    ['ắằẳẵặ ấầẩẫậ ếềểễệ ốồổỗộ ớờởỡợ ứừửữự ỳýỷỹỵ íìỉĩị', 'aaaaa aaaaa eeeee ooooo ooooo uuuuu yyyyy iiiii'],
    ['Quý I – hạn 16/3/2022…', 'Quy I - han 16/3/2022...'],
    ['“Báo cáo” ‘số’', '"Bao cao" \'so\''],
    ['  nhiều   khoảng\n trắng\t', 'nhieu khoang trang'],
  ])('%j → %j', (input, expected) => {
    expect(toSmsText(input)).toBe(expected);
  });

  it('works on decomposed input too (NFD from some keyboards)', () => {
    expect(toSmsText('Đồng Tháp'.normalize('NFD'))).toBe('Dong Thap');
  });

  it('replaces what GSM-7 cannot carry, so the result is always GSM-7', () => {
    const text = toSmsText('Hạn 16/3 ✅ 中文 ₫');
    expect(text).toBe('Han 16/3 ? ?? ?');
    expect(isGsm7(text)).toBe(true);
  });
});

describe('GSM-7 length', () => {
  it('counts septets, two for extension characters', () => {
    expect(gsm7Septets('abc')).toBe(3);
    expect(gsm7Septets('a{b}€')).toBe(8);
  });

  it.each([
    [0, 0],
    [1, 1],
    [160, 1],
    [161, 2],
    [306, 2],
    [307, 3],
    [459, 3],
  ])('%i plain characters take %i segment(s)', (n, segments) => {
    expect(gsm7Segments('a'.repeat(n))).toBe(segments);
  });

  it('never splits an escape pair across two parts', () => {
    // 152 plain + '{' (2 septets) fills 154 > 153, so '{' opens the second part.
    expect(gsm7Segments(`${'a'.repeat(152)}{${'a'.repeat(152)}`)).toBe(3);
    expect(gsm7Segments(`${'a'.repeat(151)}{${'a'.repeat(152)}`)).toBe(2);
    expect(SMS_MAX_SEPTETS).toBe(306);
  });

  it('refuses text outside GSM-7, naming the character', () => {
    expect(isGsm7('Đồng Tháp')).toBe(false);
    expect(() => gsm7Segments('Đồng')).toThrow(/not a GSM-7 character: "Đ" \(U\+110\)/);
  });
});
