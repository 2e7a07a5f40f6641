import fs from 'node:fs';
import path from 'node:path';
import { conflict, invalid } from '../services/errors';

// Where an export is written: the file an official named, or a default name in the current folder.
// An existing file is never overwritten without `force` (it may be a signed or edited copy), and
// the file appears whole or not at all (written beside it, then renamed).

export type ExportFormat = 'xlsx' | 'csv' | 'docx';

/** The format from `--format`, else from the extension of `--out`, else `fallback`. */
export function formatOf(
  given: 'xlsx' | 'csv' | undefined,
  out: string | undefined,
  fallback: 'xlsx' | 'csv',
): 'xlsx' | 'csv' {
  const ext = out ? path.extname(out).slice(1).toLowerCase() : '';
  const fromOut = ext === 'xlsx' || ext === 'csv' ? ext : undefined;
  if (given && fromOut && given !== fromOut)
    throw invalid('out', `tệp .${fromOut} không khớp --format ${given}`);
  if (out && !fromOut) throw invalid('out', 'tên tệp phải có đuôi .xlsx hoặc .csv');
  return given ?? fromOut ?? fallback;
}

/** Writes `bytes` to `file`; refuses an existing file unless `force`. Returns the absolute path. */
export function writeExport(file: string, bytes: Buffer, force: boolean): string {
  const target = path.resolve(file);
  const dir = path.dirname(target);
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw invalid('out', `không có thư mục ${dir}`);
  if (fs.existsSync(target)) {
    if (!force) throw conflict(`tệp ${target} đã có (dùng --force để ghi đè)`, 'out');
    if (!fs.statSync(target).isFile()) throw invalid('out', `${target} không phải là tệp`);
  }
  const temporary = path.join(dir, `.${path.basename(target)}.${process.pid}.tmp`);
  try {
    fs.writeFileSync(temporary, bytes, { flag: 'wx' });
    // Without force, a link fails if the file appeared meanwhile: nothing is ever overwritten.
    if (force) fs.renameSync(temporary, target);
    else fs.linkSync(temporary, target);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST')
      throw conflict(`tệp ${target} đã có (dùng --force để ghi đè)`, 'out');
    throw invalid('out', `không ghi được ${target}: ${(err as Error).message}`);
  } finally {
    fs.rmSync(temporary, { force: true });
  }
  return target;
}
