import { kindValue, type AgencyKindName, type AgencyKindValue } from './agencies';
import { addDays, compareDates, type IsoDate } from './calendar/dates';

// A unit's life: in force from validFrom to validTo (both days included), its names over time and
// its successors. Pure: the service and the activities run the queries these shapes describe.

export interface UnitLife {
  validFrom: IsoDate | null; // null: since before the records
  validTo: IsoDate | null; // null: until further notice
}

export function inForceOn(unit: UnitLife, date: IsoDate): boolean {
  return (
    (unit.validFrom === null || compareDates(unit.validFrom, date) <= 0) &&
    (unit.validTo === null || compareDates(date, unit.validTo) <= 0)
  );
}

export interface NameEntry {
  name: string;
  validFrom: IsoDate | null; // null: the unit's first name
}

/** Earliest first: the first name (validFrom null) before every dated one. */
export function sortNames<T extends NameEntry>(names: T[]): T[] {
  return [...names].sort((a, b) =>
    a.validFrom === b.validFrom
      ? 0
      : a.validFrom === null
        ? -1
        : b.validFrom === null
          ? 1
          : compareDates(a.validFrom, b.validFrom),
  );
}

/** The name in force on `date`: the latest not after it; before every entry, the earliest one. */
export function nameOn(names: NameEntry[], date: IsoDate): string | undefined {
  const sorted = sortNames(names);
  let found = sorted[0]?.name;
  for (const entry of sorted) {
    if (entry.validFrom === null || compareDates(entry.validFrom, date) <= 0) found = entry.name;
  }
  return found;
}

/** The latest name (the one `Agency.name` holds). */
export function latestName(names: NameEntry[]): string | undefined {
  return sortNames(names).at(-1)?.name;
}

/** `@db.Date` columns come back as UTC midnight. */
export const dbDate = (date: IsoDate) => new Date(`${date}T00:00:00.000Z`);
export const isoOf = (date: Date) => date.toISOString().slice(0, 10);
export const isoOrNull = (date: Date | null | undefined) => (date ? isoOf(date) : null);

export interface UnitFilter {
  /** Only these kinds (e.g. the commune level: xa, phuong, dac_khu). */
  kinds?: readonly AgencyKindName[];
  /** Only these system codes. */
  codes?: readonly string[];
  /** Not these system codes (a regime's exceptions). */
  except?: readonly string[];
  /** Only units that report (true) or only those that do not (false, e.g. the province). */
  reporting?: boolean;
}

/** The Prisma `where` for `Agency` (structurally an AgencyWhereInput). */
export interface AgencyWhere {
  active: true;
  AND: object[];
  kind?: { in: AgencyKindValue[] };
  code?: { in: string[] };
  NOT?: { code: { in: string[] } };
  reporting?: boolean;
}

/**
 * The units in force on `onDate` (and not switched off by an official), as a Prisma `where`:
 * `db.agency.findMany({ where: unitsInForceWhere('2027-03-14', { reporting: true }) })`.
 */
export function unitsInForceWhere(onDate: IsoDate, filter: UnitFilter = {}): AgencyWhere {
  const day = dbDate(onDate);
  return {
    active: true,
    AND: [
      { OR: [{ validFrom: null }, { validFrom: { lte: day } }] },
      { OR: [{ validTo: null }, { validTo: { gte: day } }] },
    ],
    ...(filter.kinds ? { kind: { in: filter.kinds.map(kindValue) } } : {}),
    ...(filter.codes ? { code: { in: [...filter.codes] } } : {}),
    ...(filter.except && filter.except.length > 0 ? { NOT: { code: { in: [...filter.except] } } } : {}),
    ...(filter.reporting === undefined ? {} : { reporting: filter.reporting }),
  };
}

/** A unit's names for a date: the Prisma `select` of the entries `nameOn` needs. */
export const NAME_HISTORY = { select: { name: true, validFrom: true } } as const;

export const namesOf = (rows: { name: string; validFrom: Date | null }[]): NameEntry[] =>
  rows.map((r) => ({ name: r.name, validFrom: isoOrNull(r.validFrom) }));

export type SuccessionKind = 'merge' | 'split';

export interface SuccessionEdge {
  predecessor: string;
  successor: string;
  /** The successor's first day as heir (the predecessor's last day is the day before). */
  date: IsoDate;
  change: SuccessionKind;
}

/** What `db.agencySuccession.findMany(SUCCESSION_EDGES)` returns is read by `toSuccessionEdges`. */
export const SUCCESSION_EDGES = {
  select: {
    date: true,
    predecessor: { select: { code: true } },
    successor: { select: { code: true } },
    change: { select: { kind: true } },
  },
} as const;

export function toSuccessionEdges(
  rows: {
    date: Date;
    predecessor: { code: string };
    successor: { code: string };
    change: { kind: string };
  }[],
): SuccessionEdge[] {
  return rows.map((r) => ({
    predecessor: r.predecessor.code,
    successor: r.successor.code,
    date: isoOf(r.date),
    change: r.change.kind === 'SPLIT' ? 'split' : 'merge',
  }));
}

export interface SuccessionStep {
  date: IsoDate;
  change: SuccessionKind;
  from: string;
  to: string[];
}

export interface Succession {
  /** The units reached on `onDate`: `[code]` when nothing succeeded it by then. */
  reached: string[];
  /** Every succession on the way, in date order. */
  steps: SuccessionStep[];
}

/**
 * Follows `code`'s successors up to `onDate`: a merge passes everything to one heir, a split to
 * several. The caller keeps those of `reached` that are in force on the date (a unit dissolved
 * without an heir is reached but no longer in force).
 */
export function followSuccessors(code: string, onDate: IsoDate, edges: SuccessionEdge[]): Succession {
  const out = new Map<string, SuccessionEdge[]>();
  for (const e of edges) {
    if (compareDates(e.date, onDate) > 0) continue;
    out.set(e.predecessor, [...(out.get(e.predecessor) ?? []), e]);
  }
  const reached: string[] = [];
  const steps: SuccessionStep[] = [];
  const seen = new Set<string>();
  const queue = [code];
  while (queue.length > 0) {
    const current = queue.shift()!;
    if (seen.has(current)) continue;
    seen.add(current);
    const next = out.get(current);
    if (!next) {
      reached.push(current);
      continue;
    }
    steps.push({
      date: next[0]!.date,
      change: next[0]!.change,
      from: current,
      to: next.map((e) => e.successor).sort(),
    });
    queue.push(...next.map((e) => e.successor).sort());
  }
  steps.sort((a, b) => compareDates(a.date, b.date) || a.from.localeCompare(b.from));
  return { reached: [...new Set(reached)].sort(), steps };
}

/** The last day of a unit that a change on `date` ends. */
export const dayBefore = (date: IsoDate) => addDays(date, -1);
