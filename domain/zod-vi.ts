import { z } from 'zod';
import { formatVnDatePadded, vnDateOf } from './calendar/dates';

// zod's Vietnamese locale, with the words it leaves in English put right: it names the JavaScript
// type of a value ("mong đợi string có <=500 ký tự", "nhận được undefined") and the container of a
// key or element ("trong map"). Every schema message written in the project is kept as it is: this
// only says the messages zod makes up itself. Install it with `z.config(zodVietnamese())`.

/** A value's kind as officials would call it. */
const KIND_VI: Record<string, string> = {
  string: 'văn bản',
  number: 'số',
  int: 'số nguyên',
  bigint: 'số nguyên',
  nan: 'số',
  boolean: 'true hoặc false',
  date: 'ngày',
  array: 'danh sách',
  tuple: 'danh sách',
  object: 'nhóm trường (khóa: giá trị)',
  record: 'nhóm trường (khóa: giá trị)',
  map: 'bảng',
  set: 'tập hợp',
  file: 'tệp',
  null: 'giá trị rỗng',
  undefined: 'không có giá trị',
  symbol: 'ký hiệu',
  function: 'hàm',
};

/** What zod says a value it received is (util.parsedType), in the same words. */
function receivedKind(input: unknown): string {
  if (input === null) return KIND_VI.null!;
  if (Array.isArray(input)) return KIND_VI.array!;
  if (input instanceof Date) return KIND_VI.date!;
  if (typeof input === 'number' && Number.isNaN(input)) return 'NaN';
  return KIND_VI[typeof input] ?? typeof input;
}

const kind = (name: string) => KIND_VI[name] ?? name;
const UNITS: Record<string, string> = { string: 'ký tự', array: 'phần tử', set: 'phần tử', file: 'byte' };

const bound = (origin: string, value: number | bigint) =>
  origin === 'date' && typeof value === 'number' ? formatVnDatePadded(vnDateOf(value)) : value.toString();

type Issue = Parameters<z.core.$ZodErrorMap>[0];

function tooBig(issue: Issue & { code: 'too_big' }): string {
  const max = bound(issue.origin, issue.maximum);
  const unit = UNITS[issue.origin];
  if (unit && issue.exact) return `phải có đúng ${max} ${unit}`;
  if (unit)
    return issue.inclusive
      ? `${issue.origin === 'string' ? 'dài' : 'nhiều'} quá ${max} ${unit}`
      : `phải ít hơn ${max} ${unit}`;
  if (issue.origin === 'date') return issue.inclusive ? `muộn quá: không sau ${max}` : `phải trước ${max}`;
  return issue.inclusive ? `lớn quá: tối đa ${max}` : `phải nhỏ hơn ${max}`;
}

function tooSmall(issue: Issue & { code: 'too_small' }): string {
  const min = bound(issue.origin, issue.minimum);
  const unit = UNITS[issue.origin];
  if (unit && issue.exact) return `phải có đúng ${min} ${unit}`;
  if (issue.origin === 'string' && issue.inclusive && Number(issue.minimum) === 1)
    return 'không được để trống';
  if (unit)
    return issue.inclusive
      ? `${issue.origin === 'string' ? 'ngắn' : 'ít'} quá: cần ít nhất ${min} ${unit}`
      : `phải nhiều hơn ${min} ${unit}`;
  if (issue.origin === 'date') return issue.inclusive ? `sớm quá: không trước ${min}` : `phải sau ${min}`;
  return issue.inclusive ? `nhỏ quá: tối thiểu ${min}` : `phải lớn hơn ${min}`;
}

/** zod's Vietnamese locale with its English type and container names said in Vietnamese. */
export function zodVietnamese(): { localeError: z.core.$ZodErrorMap } {
  const base = z.locales.vi().localeError!;
  return {
    localeError: (issue) => {
      switch (issue.code) {
        case 'invalid_type':
          if (issue.input === undefined) return 'bắt buộc, chưa có';
          if (/^[A-Z]/.test(issue.expected)) break;
          return `mong đợi ${kind(issue.expected)}, nhận được ${receivedKind(issue.input)}`;
        case 'too_big':
          return tooBig(issue);
        case 'too_small':
          return tooSmall(issue);
        case 'invalid_key':
          return `khóa không hợp lệ trong ${kind(issue.origin)}`;
        case 'invalid_element':
          return `giá trị không hợp lệ trong ${kind(issue.origin)}`;
      }
      return base(issue);
    },
  };
}

/** Makes zod's own messages Vietnamese in this process (or workflow sandbox): the same for every caller. */
export function useVietnameseZod(): void {
  z.config(zodVietnamese());
}
