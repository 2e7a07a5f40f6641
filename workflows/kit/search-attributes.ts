import type { SearchAttributeUpdatePair } from '@temporalio/common';
import { upsertSearchAttributes } from '@temporalio/workflow';

// Search attributes carry codes and dates only (they are not encrypted). One writer per workflow
// upserts only the keys whose value changed, so unchanged states add no history events.

export interface SearchAttributeWriter {
  set(pairs: SearchAttributeUpdatePair[]): void;
}

const keyOf = (value: unknown) => (value instanceof Date ? value.toISOString() : JSON.stringify(value));

export function createSearchAttributeWriter(
  initial: SearchAttributeUpdatePair[] = [],
): SearchAttributeWriter {
  const current = new Map<string, string>(initial.map((p) => [p.key.name, keyOf(p.value)]));
  return {
    set(pairs) {
      const changed = pairs.filter((p) => current.get(p.key.name) !== keyOf(p.value));
      if (changed.length === 0) return;
      for (const p of changed) current.set(p.key.name, keyOf(p.value));
      upsertSearchAttributes(changed);
    },
  };
}
