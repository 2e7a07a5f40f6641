import type { Db } from '../../config/connections';
import { kindName, type AgencyKindName } from '../../domain/agencies';
import type { IsoDate } from '../../domain/calendar/dates';
import {
  followSuccessors,
  inForceOn,
  isoOf,
  isoOrNull,
  NAME_HISTORY,
  nameOn,
  namesOf,
  SUCCESSION_EDGES,
  toSuccessionEdges,
  unitsInForceWhere,
  type SuccessionStep,
  type UnitFilter,
} from '../../domain/unit-life';
import { notFound } from './errors';

// Reading units on a date: which are in force, under which names, and who carries a unit's
// obligations after it merged or split. The queries are the shapes of domain/unit-life.ts, so the
// worker's activities (which cannot import client/) run the very same ones.

export interface UnitInForce {
  code: string;
  officialCode: string | null;
  kind: AgencyKindName;
  /** Its name on the date asked for. */
  name: string;
  parent: string | null;
  reporting: boolean;
  validFrom: IsoDate | null;
  validTo: IsoDate | null;
}

/**
 * The units in force on `onDate` (and not switched off), by kind then code, each with the name it
 * had that day. One query for the units and their names: fine at 3,321 units (see the tests).
 */
export async function unitsInForce(db: Db, onDate: IsoDate, filter: UnitFilter = {}): Promise<UnitInForce[]> {
  const rows = await db.agency.findMany({
    where: unitsInForceWhere(onDate, filter),
    orderBy: [{ kind: 'asc' }, { code: 'asc' }],
    include: { parent: { select: { code: true } }, names: NAME_HISTORY },
  });
  return rows.map((a) => ({
    code: a.code,
    officialCode: a.officialCode,
    kind: kindName(a.kind),
    name: nameOn(namesOf(a.names), onDate) ?? a.name,
    parent: a.parent?.code ?? null,
    reporting: a.reporting,
    validFrom: isoOrNull(a.validFrom),
    validTo: isoOrNull(a.validTo),
  }));
}

/** Each code's name on `onDate` (a closed 2025 cycle reads the names of 2025). Unknown codes are absent. */
export async function unitNamesOn(db: Db, codes: string[], onDate: IsoDate): Promise<Map<string, string>> {
  const rows = await db.agency.findMany({
    where: { code: { in: [...new Set(codes)] } },
    select: { code: true, name: true, names: NAME_HISTORY },
  });
  return new Map(rows.map((a) => [a.code, nameOn(namesOf(a.names), onDate) ?? a.name]));
}

export interface SuccessorChain {
  code: string;
  onDate: IsoDate;
  /**
   * The units in force on `onDate` that carry `code`'s obligations: `[code]` while it is itself in
   * force, its heir after a merge, its heirs after a split, `[]` when it ended without one.
   */
  holders: string[];
  /** Every merge or split on the way, in date order. */
  steps: SuccessionStep[];
}

/** Who carries `code`'s obligations on `onDate`, and by which merges and splits. */
export async function successorChain(db: Db, code: string, onDate: IsoDate): Promise<SuccessorChain> {
  const unit = await db.agency.findUnique({ where: { code }, select: { id: true } });
  if (!unit) throw notFound('code', `không có đơn vị mã ${code}`);
  const edges = toSuccessionEdges(await db.agencySuccession.findMany(SUCCESSION_EDGES));
  const { reached, steps } = followSuccessors(code, onDate, edges);
  const lives = await db.agency.findMany({
    where: { code: { in: reached } },
    select: { code: true, active: true, validFrom: true, validTo: true },
  });
  const holders = lives
    .filter(
      (u) =>
        u.active && inForceOn({ validFrom: isoOrNull(u.validFrom), validTo: isoOrNull(u.validTo) }, onDate),
    )
    .map((u) => u.code)
    .sort();
  return { code, onDate, holders, steps };
}

export interface UnitHistory {
  code: string;
  officialCode: string | null;
  kind: AgencyKindName;
  active: boolean;
  reporting: boolean;
  validFrom: IsoDate | null;
  validTo: IsoDate | null;
  names: { name: string; validFrom: IsoDate | null }[];
  predecessors: { code: string; date: IsoDate; change: string }[];
  successors: { code: string; date: IsoDate; change: string }[];
  changes: { key: string; kind: string; date: IsoDate }[];
}

/** A unit's whole life: names, predecessors, successors and the changes that made them. */
export async function unitHistory(db: Db, code: string): Promise<UnitHistory> {
  const a = await db.agency.findUnique({
    where: { code },
    include: {
      names: {
        select: { name: true, validFrom: true, change: { select: { key: true, kind: true, date: true } } },
      },
      endChange: { select: { key: true, kind: true, date: true } },
      predecessors: { include: { predecessor: { select: { code: true } }, change: true } },
      successors: { include: { successor: { select: { code: true } }, change: true } },
    },
  });
  if (!a) throw notFound('code', `không có đơn vị mã ${code}`);
  const link = (code: string, s: { date: Date; change: { kind: string } }) => ({
    code,
    date: isoOf(s.date),
    change: s.change.kind.toLowerCase(),
  });
  const changes = new Map<string, { key: string; kind: string; date: IsoDate }>();
  const note = (c: { key: string; kind: string; date: Date } | null) => {
    if (c) changes.set(c.key, { key: c.key, kind: c.kind.toLowerCase(), date: isoOf(c.date) });
  };
  for (const n of a.names) note(n.change);
  for (const s of [...a.predecessors, ...a.successors]) note(s.change);
  note(a.endChange);
  return {
    code: a.code,
    officialCode: a.officialCode,
    kind: kindName(a.kind),
    active: a.active,
    reporting: a.reporting,
    validFrom: isoOrNull(a.validFrom),
    validTo: isoOrNull(a.validTo),
    names: namesOf(a.names).sort((x, y) => (x.validFrom ?? '').localeCompare(y.validFrom ?? '')),
    predecessors: a.predecessors
      .map((s) => link(s.predecessor.code, s))
      .sort((x, y) => x.code.localeCompare(y.code)),
    successors: a.successors
      .map((s) => link(s.successor.code, s))
      .sort((x, y) => x.code.localeCompare(y.code)),
    changes: [...changes.values()].sort((x, y) => x.date.localeCompare(y.date) || x.key.localeCompare(y.key)),
  };
}
