import type { ContactRoleName } from './agencies';

// How contacts pass to a successor in a merge or a split (mode `copy`, the default):
// - every active contact of each predecessor is copied to the successor; the predecessor keeps its
//   own rows untouched (its history stays as it was, and it is out of force after its last day);
// - a unit has one focal point and one head: for those two roles the successor keeps the one it
//   already has, else takes the lead predecessor's (a merge's `lead`, default its first unit); the
//   other predecessors' focal points and heads are copied too but do not receive messages until an
//   official turns them on;
// - the Sở Nội vụ and UBND roles (snv_desk, snv_director, ubnd) are copied receiving;
// - a contact the successor already has (same role and name) is not copied twice.
// Mode `none` copies nothing: the successor's contacts come from an import file.

export interface ContactState {
  id?: number;
  role: ContactRoleName;
  name: string;
  email: string | null;
  phone: string | null;
  active: boolean;
}

export interface ContactHolder {
  code: string;
  contacts: ContactState[];
}

/** Why a copied contact does not receive messages, or was not copied. */
export type NotReceivingReason =
  | 'successor-has-role' // the successor already had its own focal point / head
  | 'lead-kept' // the lead predecessor's focal point / head was kept
  | 'already-there'; // the successor already has this contact: not copied

export interface ContactMove {
  from: string;
  to: string;
  role: ContactRoleName;
  name: string;
  receives: boolean;
  reason?: NotReceivingReason;
  /** Whose focal point / head the successor keeps (for `successor-has-role` and `lead-kept`). */
  kept?: string;
}

export interface ContactCopy {
  from: string;
  to: string;
  contact: ContactState;
  active: boolean;
}

const SINGLE_ROLES: readonly ContactRoleName[] = ['focal_point', 'head'];

/** The copies for one successor, from `sources` in order (the lead first). */
export function planContactCopies(
  sources: ContactHolder[],
  successor: ContactHolder,
): { copies: ContactCopy[]; moved: ContactMove[] } {
  const copies: ContactCopy[] = [];
  const moved: ContactMove[] = [];
  const present = new Set(successor.contacts.map((c) => `${c.role}\u0000${c.name}`));
  const holder = new Map<ContactRoleName, string>();
  for (const c of successor.contacts)
    if (c.active && SINGLE_ROLES.includes(c.role)) holder.set(c.role, successor.code);

  for (const source of sources) {
    for (const contact of source.contacts.filter((c) => c.active)) {
      const base = { from: source.code, to: successor.code, role: contact.role, name: contact.name };
      const key = `${contact.role}\u0000${contact.name}`;
      if (present.has(key)) {
        moved.push({ ...base, receives: false, reason: 'already-there' });
        continue;
      }
      present.add(key);
      let receives = true;
      let reason: NotReceivingReason | undefined;
      let kept: string | undefined;
      if (SINGLE_ROLES.includes(contact.role)) {
        const current = holder.get(contact.role);
        if (current === undefined) holder.set(contact.role, source.code);
        else if (current !== source.code) {
          receives = false;
          kept = current;
          reason = current === successor.code ? 'successor-has-role' : 'lead-kept';
        }
      }
      copies.push({ from: source.code, to: successor.code, contact, active: receives });
      moved.push({ ...base, receives, ...(reason ? { reason, kept } : {}) });
    }
  }
  return { copies, moved };
}
