import type { Db } from '../../config/connections';
import { kindName, kindValue, type ContactRoleName } from '../../domain/agencies';
import { changeKindValue } from '../../domain/unit-changes';
import { dbDate, isoOf, isoOrNull, latestName, namesOf } from '../../domain/unit-life';
import type { ChangePlan, UnitBook, UnitState } from '../../domain/unit-rules';
import type { Prisma } from '../../prisma/generated/client';

// Units between the database and the rules: a book of the units a change names, loaded; a
// planned change, written in one transaction.

type Tx = Prisma.TransactionClient;

const ENDED_BY = { MERGE: 'merge', SPLIT: 'split', DISSOLVE: 'dissolve' } as const;
const roleValue = (r: ContactRoleName) => r.toUpperCase() as Uppercase<ContactRoleName>;

/**
 * The units with these codes or official codes, their names, contacts and how they ended, and
 * which of the change keys are already recorded. Codes that do not exist are simply absent.
 */
export async function loadBook(
  db: Db | Tx,
  {
    codes = [],
    officialCodes = [],
    keys = [],
    contacts = true,
  }: { codes?: string[]; officialCodes?: string[]; keys?: string[]; contacts?: boolean },
): Promise<UnitBook> {
  const [rows, recorded] = await Promise.all([
    db.agency.findMany({
      where: {
        OR: [
          { code: { in: [...new Set(codes)] } },
          ...(officialCodes.length > 0 ? [{ officialCode: { in: [...new Set(officialCodes)] } }] : []),
        ],
      },
      include: {
        parent: { select: { code: true } },
        names: { select: { name: true, validFrom: true } },
        contacts: contacts ? { orderBy: { id: 'asc' } } : false,
        endChange: { select: { key: true, kind: true, date: true } },
        successors: { select: { successor: { select: { code: true } } } },
      },
    }),
    keys.length === 0
      ? Promise.resolve([])
      : db.unitChange.findMany({ where: { key: { in: keys } }, select: { key: true } }),
  ]);
  const units = new Map<string, UnitState>();
  for (const a of rows) {
    const endedBy = a.endChange && a.endChange.kind in ENDED_BY ? a.endChange : null;
    units.set(a.code, {
      code: a.code,
      kind: kindName(a.kind),
      officialCode: a.officialCode,
      names: a.names.length > 0 ? namesOf(a.names) : [{ name: a.name, validFrom: null }],
      parent: a.parent?.code ?? null,
      reporting: a.reporting,
      validFrom: isoOrNull(a.validFrom),
      validTo: isoOrNull(a.validTo),
      ended: endedBy
        ? {
            key: endedBy.key,
            op: ENDED_BY[endedBy.kind as keyof typeof ENDED_BY],
            date: isoOf(endedBy.date),
            into: a.successors.map((s) => s.successor.code).sort(),
          }
        : null,
      contacts: (a.contacts ?? []).map((c) => ({
        id: c.id,
        role: c.role.toLowerCase() as ContactRoleName,
        name: c.name,
        email: c.email,
        phone: c.phone,
        active: c.active,
      })),
    });
  }
  return { units, recorded: new Set(recorded.map((r) => r.key)) };
}

/** Thrown when another writer changed a unit between planning and writing. */
export class ConcurrentChange extends Error {}

/** Writes a planned change; `false` when the same change was recorded meanwhile (nothing written). */
export async function writePlan(db: Db, plan: ChangePlan): Promise<boolean> {
  if (plan.status === 'unchanged') return false;
  const written = db.$transaction(
    async (tx) => {
      const detail = { change: plan.change, moved: plan.moved } as unknown as Prisma.InputJsonValue;
      const data = { kind: changeKindValue(plan.change), date: dbDate(plan.change.date), detail };
      // A rename recorded again on its date with another name is a correction of that rename.
      const change =
        plan.change.op === 'rename'
          ? await tx.unitChange.upsert({
              where: { key: plan.key },
              create: { key: plan.key, ...data },
              update: data,
            })
          : await tx.unitChange.create({ data: { key: plan.key, ...data } });
      const ids = new Map<string, number>();
      const idOf = async (code: string) => {
        if (!ids.has(code)) ids.set(code, (await tx.agency.findUniqueOrThrow({ where: { code } })).id);
        return ids.get(code)!;
      };
      for (const effect of plan.effects) {
        switch (effect.type) {
          case 'create': {
            const { unit } = effect;
            const created = await tx.agency.create({
              data: {
                code: unit.code,
                name: unit.name,
                kind: kindValue(unit.kind),
                officialCode: unit.officialCode,
                reporting: unit.reporting,
                validFrom: unit.validFrom ? dbDate(unit.validFrom) : null,
                parentId: unit.parent ? await idOf(unit.parent) : null,
                names: { create: { name: unit.name, validFrom: null, changeId: change.id } },
              },
            });
            ids.set(unit.code, created.id);
            break;
          }
          case 'name':
            await writeName(tx, await idOf(effect.code), effect.name, effect.validFrom, change.id);
            break;
          case 'end': {
            const ended = await tx.agency.updateMany({
              where: { id: await idOf(effect.code), endChangeId: null },
              data: { validTo: dbDate(effect.validTo), endChangeId: change.id },
            });
            if (ended.count !== 1) throw new ConcurrentChange(`${effect.code} was ended meanwhile`);
            break;
          }
          case 'succession':
            await tx.agencySuccession.create({
              data: {
                changeId: change.id,
                predecessorId: await idOf(effect.from),
                successorId: await idOf(effect.to),
                date: dbDate(effect.date),
              },
            });
            break;
          case 'contact': {
            const { contact } = effect;
            await tx.contact.create({
              data: {
                agencyId: await idOf(effect.to),
                role: roleValue(contact.role),
                name: contact.name,
                email: contact.email,
                phone: contact.phone,
                active: effect.active,
                copiedFromId: contact.id ?? null,
              },
            });
            break;
          }
        }
      }
      return true;
    },
    { timeout: 30_000 },
  );
  // The same change recorded by another writer meanwhile: its key is taken, this one wrote nothing.
  return written.catch((err: unknown) => {
    const { code, meta } = err as { code?: string; meta?: { modelName?: string } };
    if (code === 'P2002' && meta?.modelName === 'UnitChange') return false;
    throw err;
  });
}

/** Sets the name from `validFrom` (null: the first name) and keeps `Agency.name` the latest one. */
export async function writeName(
  tx: Tx,
  agencyId: number,
  name: string,
  validFrom: string | null,
  changeId: number | null,
): Promise<void> {
  if (validFrom === null) {
    const first = await tx.agencyName.updateMany({ where: { agencyId, validFrom: null }, data: { name } });
    if (first.count === 0)
      await tx.agencyName.create({ data: { agencyId, name, validFrom: null, changeId } });
  } else {
    await tx.agencyName.upsert({
      where: { agencyId_validFrom: { agencyId, validFrom: dbDate(validFrom) } },
      create: { agencyId, name, validFrom: dbDate(validFrom), changeId },
      update: { name, changeId },
    });
  }
  const names = await tx.agencyName.findMany({
    where: { agencyId },
    select: { name: true, validFrom: true },
  });
  await tx.agency.update({ where: { id: agencyId }, data: { name: latestName(namesOf(names))! } });
}
