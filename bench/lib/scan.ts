import fs from 'node:fs';
import type { Client } from '@temporalio/client';

// Contact details where they must never be: every workflow history of a namespace (fetched with the
// client, payloads decoded, JSON-stringified) and the worker's log. The seeded addresses and numbers
// are matched exactly (a phone in any of its written forms); generic patterns catch the rest.

export interface ScanHits {
  /** Histories (or log lines) scanned, and how many contained any contact detail. */
  scanned: number;
  withHits: number;
  /** Matches of the seeded values, and of the generic patterns not already counted. */
  exactHits: number;
  genericHits: number;
  examples: string[];
}

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;
const PHONE = /(?<![\w.+-])(?:\+?84|0)(?:3|5|7|8|9)\d{8}(?![\w-])/g;
/** Our own Message-IDs (sha256@cchc.dongthap) and protobuf type URLs in SDK messages look like addresses. */
const MESSAGE_ID = /^[0-9a-f]{64}@cchc\.dongthap$|@type\.googleapis\.com$/i;

/** `ignore`: addresses that are settings, not contacts (MAIL_FROM). */
export function contactMatcher(emails: string[], phones: string[], ignore: string[] = []) {
  const ignored = new Set(ignore.map((i) => i.toLowerCase()));
  const exact = new Set<string>();
  for (const e of emails) exact.add(e.toLowerCase());
  for (const p of phones) {
    const national = p.replace(/^0/, '');
    for (const form of [p, `84${national}`, `+84${national}`]) exact.add(form);
  }
  const needles = [...exact];
  return (text: string): { exact: string[]; generic: string[] } => {
    const lower = text.toLowerCase();
    const found = needles.filter((n) => lower.includes(n));
    const generic = [...(text.match(EMAIL) ?? []), ...(text.match(PHONE) ?? [])].filter(
      (g) =>
        !MESSAGE_ID.test(g) &&
        !ignored.has(g.toLowerCase()) &&
        !found.some((f) => f.includes(g.toLowerCase()) || g.toLowerCase().includes(f)),
    );
    return { exact: found, generic };
  };
}

/** Replaces every payload's bytes by their text, so that the JSON shows what a Web UI user sees. */
function decoded(value: unknown): unknown {
  if (value instanceof Uint8Array) return Buffer.from(value).toString('utf8');
  if (Array.isArray(value)) return value.map(decoded);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      // Long values of protobufjs: their numbers, not their inner fields.
      out[k] = v && typeof v === 'object' && 'low' in v && 'high' in v ? String(v) : decoded(v);
    }
    return out;
  }
  return value;
}

export async function scanHistories(
  client: Client,
  match: ReturnType<typeof contactMatcher>,
): Promise<ScanHits & { bytes: number }> {
  const hits: ScanHits & { bytes: number } = {
    scanned: 0,
    withHits: 0,
    exactHits: 0,
    genericHits: 0,
    examples: [],
    bytes: 0,
  };
  for await (const wf of client.workflow.list()) {
    const history = await client.workflow.getHandle(wf.workflowId, wf.runId).fetchHistory();
    const text = JSON.stringify(decoded(history));
    hits.scanned += 1;
    hits.bytes += text.length;
    const m = match(text);
    if (m.exact.length + m.generic.length === 0) continue;
    hits.withHits += 1;
    hits.exactHits += m.exact.length;
    hits.genericHits += m.generic.length;
    if (hits.examples.length < 8) {
      const needle = m.exact[0] ?? m.generic[0]!;
      const at = text.toLowerCase().indexOf(needle.toLowerCase());
      hits.examples.push(`${wf.workflowId}: [${needle}] …${text.slice(Math.max(0, at - 200), at + 60)}…`);
    }
  }
  return hits;
}

export function scanLog(file: string, match: ReturnType<typeof contactMatcher>): ScanHits {
  const hits: ScanHits = { scanned: 0, withHits: 0, exactHits: 0, genericHits: 0, examples: [] };
  if (!fs.existsSync(file)) return hits;
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    hits.scanned += 1;
    const m = match(line);
    if (m.exact.length + m.generic.length === 0) continue;
    hits.withHits += 1;
    hits.exactHits += m.exact.length;
    hits.genericHits += m.generic.length;
    if (hits.examples.length < 8) hits.examples.push(`[${m.exact[0] ?? m.generic[0]}] ${line.slice(0, 300)}`);
  }
  return hits;
}
