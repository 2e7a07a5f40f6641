import path from 'node:path';
import { parsePolicy, PolicyError, type ReportingPolicy } from '../../domain/calendar';
import { readTextFile, TextFileError } from './read-text';
import { parseYamlText, YamlTextError } from './yaml-text';

/** A full policy with every period spelt out is ~10 KiB. */
export const MAX_POLICY_FILE_BYTES = 64 * 1024;

/** `JSON không hợp lệ ở dòng 3, cột 7`, from the position Node's parser reports (when it does). */
function jsonProblem(text: string, err: unknown): string {
  const at = /position (\d+)/.exec((err as Error).message);
  if (!at) return 'JSON không hợp lệ';
  const before = text.slice(0, Number(at[1]));
  const line = before.split('\n').length;
  return `JSON không hợp lệ ở dòng ${line}, cột ${before.length - before.lastIndexOf('\n')}`;
}

/**
 * Reads a reporting-policy file (YAML or JSON) and validates it. Throws an Error whose message
 * starts with the file name and names every bad field, e.g.
 * `policy.yaml: periods.Q1.agencyDue.days: phải là số nguyên`.
 */
export function readPolicyFile(file: string): ReportingPolicy {
  const ext = path.extname(file).toLowerCase();
  let raw: unknown;
  try {
    const text = readTextFile(file, {
      extensions: ['.yaml', '.yml', '.json'],
      maxBytes: MAX_POLICY_FILE_BYTES,
    });
    if (ext !== '.json') raw = parseYamlText(text).value;
    else
      try {
        raw = JSON.parse(text);
      } catch (err) {
        throw new TextFileError(jsonProblem(text, err));
      }
  } catch (err) {
    if (err instanceof TextFileError || err instanceof YamlTextError)
      throw new Error(`${file}: ${err.message}`);
    throw err;
  }
  if (raw !== null && raw !== undefined && (typeof raw !== 'object' || Array.isArray(raw))) {
    throw new Error(
      `${file}: chính sách phải là một đối tượng (các khóa periods, reminders, escalations, …)`,
    );
  }
  try {
    return parsePolicy(raw ?? {});
  } catch (err) {
    if (err instanceof PolicyError) throw new Error(`${file}: ${err.message}`);
    throw err;
  }
}
