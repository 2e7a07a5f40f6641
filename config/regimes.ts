import fs from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { parseRegime, RegimeError, type Regime } from '../domain/regime';
import { DEFAULT_REGIME, REGIME_CODE_RE } from '../domain/reporting/identity';

// Report regimes are data: one YAML file per regime in `regimes/` (CCHC.yaml, KSTTHC.yaml), which
// an official may edit; CCHC_REGIMES_DIR points elsewhere.

const MAX_BYTES = 256 * 1024;

/** The folder of regime files: CCHC_REGIMES_DIR, else `regimes/` at the project's root. */
export function regimesDir(): string {
  if (process.env.CCHC_REGIMES_DIR) return path.resolve(process.env.CCHC_REGIMES_DIR);
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(path.join(dir, 'regimes')))
      return path.join(dir, 'regimes');
    if (path.dirname(dir) === dir) return path.resolve('regimes');
  }
}

/** A regime file, validated; the error starts with the file and names every bad field. */
export function readRegimeFile(file: string): Regime {
  let text: string;
  try {
    if (fs.statSync(file).size > MAX_BYTES) throw new Error(`${file}: tệp lớn quá ${MAX_BYTES / 1024} KB`);
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    if (err instanceof Error && err.message.startsWith(file)) throw err;
    throw new Error(`không đọc được tệp ${file}`);
  }
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (err) {
    throw new Error(`${file}: YAML không hợp lệ: ${(err as Error).message.split('\n')[0]}`);
  }
  try {
    return parseRegime(raw);
  } catch (err) {
    if (err instanceof RegimeError) throw new Error(`${file}: ${err.message}`);
    throw err;
  }
}

/** The regimes shipped in the regimes folder, by code. */
export function listRegimeCodes(): string[] {
  const dir = regimesDir();
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => /^[A-Z][A-Z0-9]{1,11}\.ya?ml$/.test(f))
    .map((f) => f.replace(/\.ya?ml$/, ''))
    .sort();
}

/** The regime with `code` (default CCHC) from the regimes folder; an unknown code lists the known ones. */
export function loadRegime(code: string = DEFAULT_REGIME): Regime {
  if (!REGIME_CODE_RE.test(code)) throw new Error(`mã chế độ báo cáo không hợp lệ "${code}" (vd. CCHC)`);
  const dir = regimesDir();
  const file = ['yaml', 'yml'].map((ext) => path.join(dir, `${code}.${ext}`)).find((f) => fs.existsSync(f));
  if (!file) {
    const known = listRegimeCodes();
    throw new Error(`không có chế độ báo cáo ${code} (có: ${known.join(', ') || 'không có'})`);
  }
  const regime = readRegimeFile(file);
  if (regime.code !== code) throw new Error(`${file}: code là ${regime.code}, khác tên tệp ${code}`);
  return regime;
}
