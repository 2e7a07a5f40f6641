import fs from 'node:fs';
import path from 'node:path';

// Reading an official's file before any parser sees it: the right kind of file, present, a file
// (not a folder), not empty, not larger than its kind ever needs, and UTF-8 text. Each refusal is
// one Vietnamese sentence; the caller adds the file name.

export interface TextFileRules {
  /** Lower-case extensions with the dot: `['.yaml', '.yml']`. */
  extensions: readonly string[];
  /** Refused above this many bytes, before reading. */
  maxBytes: number;
}

export class TextFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TextFileError';
  }
}

/** `.yaml, .yml hoặc .json`. */
const orList = (items: readonly string[]) =>
  items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} hoặc ${items.at(-1)!}`;

const kib = (bytes: number) => `${Math.ceil(bytes / 1024)} KiB`;

/** The file's text (the decoder drops a UTF-8 byte order mark). Throws TextFileError saying what is wrong. */
export function readTextFile(file: string, rules: TextFileRules): string {
  const ext = path.extname(file).toLowerCase();
  if (!rules.extensions.includes(ext)) throw new TextFileError(`chỉ nhận tệp ${orList(rules.extensions)}`);
  let size: number;
  try {
    const stat = fs.statSync(file);
    if (!stat.isFile()) throw new TextFileError('không phải tệp (là thư mục hoặc thiết bị)');
    size = stat.size;
  } catch (err) {
    if (err instanceof TextFileError) throw err;
    throw new TextFileError(
      (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'không có tệp này' : 'không đọc được tệp',
    );
  }
  if (size > rules.maxBytes)
    throw new TextFileError(`tệp lớn quá: ${kib(size)}, tối đa ${kib(rules.maxBytes)}`);
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new TextFileError(code === 'EACCES' ? 'không có quyền đọc tệp' : 'không đọc được tệp');
  }
  // Read again in case the file grew since the check.
  if (bytes.length > rules.maxBytes)
    throw new TextFileError(`tệp lớn quá: ${kib(bytes.length)}, tối đa ${kib(rules.maxBytes)}`);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new TextFileError('không phải văn bản UTF-8 (lưu lại tệp với mã hóa UTF-8)');
  }
  if (text.includes('\u0000')) throw new TextFileError('không phải tệp văn bản (có ký tự NUL)');
  if (text.trim() === '') throw new TextFileError('tệp rỗng');
  return text;
}
