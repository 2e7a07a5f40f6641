import fs from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { parsePolicy, PolicyError, type ReportingPolicy } from '../../domain/calendar';

/**
 * Reads a reporting-policy file (YAML or JSON) and validates it. Throws an Error whose message
 * starts with the file name and names every bad field, e.g.
 * `policy.yaml: periods.Q1.agencyDue.days: phải là số nguyên`.
 */
export function readPolicyFile(file: string): ReportingPolicy {
  const ext = path.extname(file).toLowerCase();
  if (!['.yaml', '.yml', '.json'].includes(ext))
    throw new Error(`${file}: chỉ nhận tệp .yaml, .yml hoặc .json`);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    throw new Error(`không đọc được tệp ${file}`);
  }
  let raw: unknown;
  try {
    raw = ext === '.json' ? JSON.parse(text) : parseYaml(text);
  } catch (err) {
    const detail = (err as Error).message.split('\n')[0];
    throw new Error(`${file}: không đọc được ${ext === '.json' ? 'JSON' : 'YAML'}: ${detail}`);
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
