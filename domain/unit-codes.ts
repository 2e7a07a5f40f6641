import type { AgencyKindName } from './agencies';
import { toSmsText } from './sms-text';

// System codes of commune-level units. Workflow IDs, search attributes and CLI flags carry a unit's
// system code, so it should say which unit it is at a glance: `X_TANPHU` (Xã Tân Phú), `P_MYTHO`
// (Phường Mỹ Tho), `DK_PHUQUOC` (Đặc khu Phú Quốc), in the same style as the district codes
// before 2025 (`H_LAPVO`, `TP_SADEC`). The 5-digit official code stays beside it (officialCode);
// within a province names are unique, and when two would give one code the official code is added
// (`X_TANPHU_28468`). A code, once given, never changes: a renamed unit keeps it.

const PREFIX: Partial<Record<AgencyKindName, { prefix: string; word: RegExp }>> = {
  xa: { prefix: 'X', word: /^xã\s+/i },
  phuong: { prefix: 'P', word: /^phường\s+/i },
  dac_khu: { prefix: 'DK', word: /^đặc khu\s+/i },
};

/** The readable system code of a commune-level unit from its name, e.g. `Xã Mỹ Đức Tây` → `X_MYDUCTAY`. */
export function communeCode(kind: AgencyKindName, name: string): string {
  const rule = PREFIX[kind];
  if (!rule) throw new Error(`no commune code scheme for kind ${kind}`);
  const letters = toSmsText(name.trim().replace(rule.word, ''))
    .toUpperCase()
    .replace(/[^A-Z0-9]/g, '');
  return `${rule.prefix}_${letters}`.slice(0, 20);
}

/** Codes for a list of communes, unique: a code two names share gets each unit's official code. */
export function communeCodes(
  units: { kind: AgencyKindName; name: string; officialCode: string }[],
): string[] {
  const codes = units.map((u) => communeCode(u.kind, u.name));
  const count = new Map<string, number>();
  for (const code of codes) count.set(code, (count.get(code) ?? 0) + 1);
  return codes.map((code, i) =>
    count.get(code)! > 1 ? `${code.slice(0, 14)}_${units[i]!.officialCode}` : code,
  );
}
