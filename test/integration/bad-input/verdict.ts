import type { CliResult } from '../../support/cli';

// What every refusal must look like to an official: Vietnamese, naming the field, one line saying
// "Lỗi: …" (for a file, one line per problem found in it, then that one line), a non-zero exit.

/** Words of commander's, zod's or Node's English that must never reach an official. */
const ENGLISH =
  /\b(error|invalid|expected|required|received|unknown|option|argument|missing|unrecognized|too (big|small|many)|must|not specified|did you mean|usage|string|number|boolean|object|array|undefined|null)\b/i;

/** At least one letter only Vietnamese spells (ă, â, đ, ê, ô, ơ, ư or a tone mark). */
const VIETNAMESE = /[ăâđêôơưàáạảãằắặẳẵầấậẩẫèéẹẻẽềếệểễìíịỉĩòóọỏõồốộổỗờớợởỡùúụủũừứựửữỳýỵỷỹ]/i;

export function problemsOf(text: string): string[] {
  const problems: string[] = [];
  if (
    ENGLISH.test(text.replace(/"[^"]*"|\S+\.(ya?ml|json|csv|txt)\b|--?[a-z][a-z-]*|[A-Z][A-Z0-9_]{2,}/g, ''))
  )
    problems.push(`English in "${text}"`);
  if (!VIETNAMESE.test(text)) problems.push(`not Vietnamese: "${text}"`);
  return problems;
}

export interface Expectation {
  /** The flag, variable or field the line must name, as written: `--year`, `SMTP_PORT`, `inspections[0].agency`. */
  field: string;
  /** What the line must also say, when the case is about a particular wording. */
  says?: RegExp;
  /** 1 unless said otherwise; 2 for a misspelt command. */
  code?: number;
  /** A file's refusal: one line per problem (`file:line: field: message`), then the `Lỗi:` line. */
  fileProblems?: boolean;
}

/** Everything wrong with a CLI run that should have been refused as `e` says; empty when all is right. */
export function refusalProblems(r: CliResult, e: Expectation): string[] {
  const problems: string[] = [];
  if (r.code !== (e.code ?? 1)) problems.push(`exit code ${r.code}, expected ${e.code ?? 1}`);
  if (r.stdout !== '') problems.push(`printed on stdout: ${r.stdout.slice(0, 200)}`);
  const lines = r.stderr.trimEnd().split('\n');
  const last = lines.at(-1) ?? '';
  if (!last.startsWith('Lỗi: ')) problems.push(`last line does not start with "Lỗi: ": ${last}`);
  const details = lines.slice(0, -1);
  if (!e.fileProblems && details.length > 0) problems.push(`${lines.length} lines: ${r.stderr}`);
  for (const d of details)
    if (!/^\S.*?(:\d+)?: \S+: /.test(d)) problems.push(`a detail line that names no place: ${d}`);
  for (const line of lines) problems.push(...problemsOf(line.replace(/^Lỗi: /, '')));
  if (!r.stderr.includes(e.field)) problems.push(`does not name ${e.field}: ${r.stderr}`);
  if (e.says && !e.says.test(r.stderr)) problems.push(`does not say ${String(e.says)}: ${r.stderr}`);
  return problems;
}
