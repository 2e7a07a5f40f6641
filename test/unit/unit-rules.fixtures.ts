import { applyPlan } from '../../domain/unit-book';
import { unitChangeSchema, type UnitChange } from '../../domain/unit-changes';
import type { ContactState } from '../../domain/unit-contacts';
import { planChange, UnitChangeError, type UnitBook, type UnitState } from '../../domain/unit-rules';

// Books of units in memory for the rules' tests: a unit, a book, a change planned and applied, a refusal.

export const contact = (role: ContactState['role'], name: string, active = true): ContactState => ({
  role,
  name,
  email: `${name.toLowerCase().replace(/\W+/g, '.')}@dongthap.example`,
  phone: null,
  active,
});

export function unit(code: string, extra: Partial<UnitState> = {}): UnitState {
  return {
    code,
    kind: 'xa',
    officialCode: null,
    names: [{ name: `Xã ${code}`, validFrom: null }],
    parent: null,
    reporting: true,
    validFrom: '2025-07-01',
    validTo: null,
    ended: null,
    contacts: [],
    ...extra,
  };
}

export function book(...units: UnitState[]): UnitBook {
  return { units: new Map(units.map((u) => [u.code, u])), recorded: new Set() };
}

export const change = (input: Record<string, unknown>): UnitChange => unitChangeSchema.parse(input);

/** Plans and applies: what the service does, on the book. */
export function apply(b: UnitBook, input: Record<string, unknown>) {
  const plan = planChange(b, change(input));
  applyPlan(b, plan);
  return plan;
}

export function refusal(
  b: UnitBook,
  input: Record<string, unknown>,
): { field: string; message: string; kind: string } {
  try {
    planChange(b, change(input));
  } catch (err) {
    if (err instanceof UnitChangeError) return { field: err.field, message: err.message, kind: err.kind };
    throw err;
  }
  throw new Error('the change was accepted');
}
