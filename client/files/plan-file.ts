import { isCollection } from 'yaml';
import type { z } from 'zod';
import type { WorkingCalendar } from '../../domain/calendar';
import {
  checkPlan,
  findingListSchema,
  planFileSchema,
  planWarnings,
  type AgencyFacts,
  type InspectionPlanInput,
  type PlanIssue,
} from '../../domain/inspection-plan';
import { issuePath } from '../../domain/zod-format';
import { readTextFile, TextFileError } from './read-text';
import { parseYamlText, YamlTextError, type YamlText } from './yaml-text';

// Plan files (YAML) and findings files as officials write them: parsed, validated, and every
// problem reported as `file:line: path: message`.

export interface FileIssue {
  /** 0 when the issue has no place in the file. */
  line: number;
  field: string;
  message: string;
}

/** A file that cannot be used: every issue, in file order. */
export class FileError extends Error {
  constructor(
    readonly file: string,
    readonly issues: FileIssue[],
  ) {
    super(`${file}: ${issues.length} lỗi`);
    this.name = 'FileError';
  }

  /** `plan.yaml:12: inspections[2].visitDate: …`, one line per issue. */
  lines(): string[] {
    return this.issues.map((i) => `${this.file}${i.line ? `:${i.line}` : ''}: ${i.field}: ${i.message}`);
  }
}

type YamlFile = YamlText;

/** Plan files stay far below this (200 inspections with long scopes are ~150 KiB). */
export const MAX_PLAN_FILE_BYTES = 512 * 1024;
/** A findings file holds at most 50 findings of 500 characters. */
export const MAX_FINDINGS_FILE_BYTES = 128 * 1024;

function readYaml(file: string, maxBytes: number): YamlFile {
  try {
    return parseYamlText(readTextFile(file, { extensions: ['.yaml', '.yml'], maxBytes }));
  } catch (err) {
    if (err instanceof TextFileError)
      throw new FileError(file, [{ line: 0, field: '(tệp)', message: err.message }]);
    if (err instanceof YamlTextError)
      throw new FileError(file, [{ line: err.line, field: '(YAML)', message: err.message }]);
    throw err;
  }
}

/** The line of the node at `issuePath`, or of its nearest ancestor present in the file. */
function lineOf({ doc, lineCounter }: YamlFile, at: readonly PropertyKey[]): number {
  for (let depth = at.length; depth >= 0; depth--) {
    const node = depth === 0 ? doc.contents : doc.getIn(at.slice(0, depth) as (string | number)[], true);
    const range = (node as { range?: [number, number, number] } | undefined)?.range;
    if (node && range) {
      // A collection's issue points at its key (the line above its first item) when there is one.
      if (depth > 0 && isCollection(node)) {
        const parent =
          depth === 1 ? doc.contents : doc.getIn(at.slice(0, depth - 1) as (string | number)[], true);
        const pair = isCollection(parent)
          ? (parent.items as { key?: { range?: [number, number, number]; value?: unknown } }[]).find(
              (p) => p.key && (p.key as { value?: unknown }).value === at[depth - 1],
            )
          : undefined;
        if (pair?.key?.range) return lineCounter.linePos(pair.key.range[0]).line;
      }
      return lineCounter.linePos(range[0]).line;
    }
  }
  return 0;
}

/**
 * One issue per field (the first: a malformed date need not also be called nonexistent). `prefix`
 * is where the checked value sits in the file; `shown`, how the field is named to the official.
 */
function zodIssues(
  yaml: YamlFile,
  error: z.ZodError,
  prefix: PropertyKey[] = [],
  shown: PropertyKey[] = prefix,
): FileIssue[] {
  const seen = new Set<string>();
  return error.issues.flatMap((issue) => {
    // An unknown key is reported on its own line, named in the path.
    const at = [
      ...prefix,
      ...issue.path,
      ...(issue.code === 'unrecognized_keys' ? issue.keys.slice(0, 1) : []),
    ];
    const field = issuePath([...shown, ...at.slice(prefix.length)]);
    if (seen.has(field)) return [];
    seen.add(field);
    return [{ line: lineOf(yaml, at), field, message: issue.message }];
  });
}

function planIssues(yaml: YamlFile, issues: PlanIssue[]): FileIssue[] {
  return issues.map((i) => ({ line: lineOf(yaml, i.path), field: issuePath(i.path), message: i.message }));
}

const byLine = (a: FileIssue, b: FileIssue) => a.line - b.line;

/** Reads a plan file's shape only (no agencies, no dates checked). Throws FileError. */
export function readPlanFile(file: string): { plan: InspectionPlanInput; yaml: YamlFile } {
  const yaml = readYaml(file, MAX_PLAN_FILE_BYTES);
  const parsed = planFileSchema.safeParse(yaml.value ?? {});
  if (!parsed.success) throw new FileError(file, zodIssues(yaml, parsed.error).sort(byLine));
  return { plan: parsed.data, yaml };
}

/**
 * Reads and fully checks a plan file against the agencies (from the database), the working-day
 * calendar and today's date. Throws FileError naming every problem; returns the plan and warnings.
 */
export function loadPlanFile(
  file: string,
  opts: { calendar: WorkingCalendar; agencies: ReadonlyMap<string, AgencyFacts>; today?: string },
): { plan: InspectionPlanInput; warnings: string[] } {
  const { plan, yaml } = readPlanFile(file);
  const issues = planIssues(yaml, checkPlan(plan, opts)).sort(byLine);
  if (issues.length > 0) throw new FileError(file, issues);
  const warnings = new FileError(file, planIssues(yaml, planWarnings(plan, opts.agencies))).lines();
  return { plan, warnings };
}

/** A findings file: a YAML list of `{ code?, description, remediationDueDate? }` (or `findings:` holding one). */
export function readFindingsFile(file: string): z.output<typeof findingListSchema> {
  const yaml = readYaml(file, MAX_FINDINGS_FILE_BYTES);
  const root = yaml.value;
  const list =
    root && typeof root === 'object' && !Array.isArray(root) && 'findings' in root
      ? (root as { findings: unknown }).findings
      : root;
  const parsed = findingListSchema.safeParse(list ?? []);
  if (!parsed.success)
    throw new FileError(
      file,
      zodIssues(yaml, parsed.error, list === root ? [] : ['findings'], ['findings']).sort(byLine),
    );
  return parsed.data;
}
