import { normalizeVnPhone, toInternational } from '../../domain/phone';

describe('Vietnamese mobile numbers', () => {
  it.each([
    ['0912345678', '0912345678'],
    ['+84912345678', '0912345678'],
    ['84912345678', '0912345678'],
    ['091 234 5678', '0912345678'],
    ['091.234.5678', '0912345678'],
    ['(091) 234-5678', '0912345678'],
    ['+84 86 123 4567', '0861234567'],
    ['0321234567', '0321234567'],
    ['0561234567', '0561234567'],
    ['0701234567', '0701234567'],
  ])('%s → %s', (raw, normalized) => {
    expect(normalizeVnPhone(raw)).toBe(normalized);
  });

  it.each([
    ['', 'empty'],
    ['abc', 'letters'],
    ['02773851234', 'a landline (Đồng Tháp 0277)'],
    ['0112345678', 'no such mobile prefix'],
    ['091234567', '9 digits'],
    ['09123456789', '11 digits'],
    ['+8491234567', '+84 with 8 digits'],
    ['+1 650 555 0100', 'a foreign number'],
    ['0912345678 ext 2', 'trailing text'],
  ])('rejects %j (%s)', (raw) => {
    expect(normalizeVnPhone(raw)).toBeUndefined();
  });

  it('gives gateways the international form', () => {
    expect(toInternational('0912345678')).toBe('84912345678');
  });
});
