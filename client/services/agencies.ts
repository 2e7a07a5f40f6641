import fs from 'node:fs';
import { readAgencyFile } from '../files/agency-file';
import { checkParents, upsertAgencies, type ImportSummary } from './agency-store';
import type { ServiceContext } from './context';
import { invalid, ServiceError } from './errors';

// The reporting units and their contacts: imported from an official's file, listed.

/** Loads or updates agencies from a YAML or CSV file; a file with any bad row imports nothing. */
export async function importAgencies(
  ctx: ServiceContext,
  file: string,
): Promise<ImportSummary & { agencies: number }> {
  if (!fs.existsSync(file)) throw invalid(undefined, `không có tệp ${file}`);
  let parsed;
  try {
    parsed = readAgencyFile(file);
  } catch (err) {
    throw invalid(undefined, `${file}: ${(err as Error).message}`);
  }
  const db = await ctx.db();
  const errors = [...parsed.errors, ...(await checkParents(db, parsed.rows))].sort((a, b) => a.line - b.line);
  if (errors.length > 0) {
    throw new ServiceError('invalid', `${errors.length} lỗi trong ${file}; không nhập dòng nào`, {
      details: errors.map((e) => `${file}:${e.line}: ${e.field}: ${e.message}`),
    });
  }
  const summary = await upsertAgencies(
    db,
    parsed.rows.map((r) => r.agency),
  );
  return { ...summary, agencies: parsed.rows.length };
}

export interface AgencyView {
  code: string;
  name: string;
  kind: string;
  parent: string | null;
  reporting: boolean;
  active: boolean;
  contacts: { role: string; name: string; email: string | null; phone: string | null }[];
}

/** The agencies (active ones unless `all`), by kind then code, with their active contacts. */
export async function listAgencies(ctx: ServiceContext, opts: { all?: boolean }): Promise<AgencyView[]> {
  const db = await ctx.db();
  const rows = await db.agency.findMany({
    where: opts.all ? {} : { active: true },
    orderBy: [{ kind: 'asc' }, { code: 'asc' }],
    include: {
      parent: { select: { code: true } },
      contacts: { where: { active: true }, orderBy: [{ role: 'asc' }, { name: 'asc' }] },
    },
  });
  return rows.map((a) => ({
    code: a.code,
    name: a.name,
    kind: a.kind,
    parent: a.parent?.code ?? null,
    reporting: a.reporting,
    active: a.active,
    contacts: a.contacts.map((c) => ({ role: c.role, name: c.name, email: c.email, phone: c.phone })),
  }));
}
