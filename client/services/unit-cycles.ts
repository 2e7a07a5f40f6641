import type { UnitChange } from '../../domain/unit-changes';
import type { ServiceContext } from './context';
import { firstLine } from './errors';

// A merge recorded while cycles run: each running cycle (open, or consolidated and still taking
// late reports) that has a report of a merged unit is told at once, and carries the obligation to
// the successor on the merge's date (rules: activities/successions.ts). A cycle that cannot be told
// now (Temporal unreachable) finds the merge by itself at its next daily sweep; recording the merge
// again (idempotent) tells it again.

export interface CyclesTold {
  /** Keys of the running cycles told. */
  told: string[];
  /** Those that could not be told now, with why. */
  untold: { key: string; error: string }[];
}

/** Tells the running cycles with a report of a unit this merge ends. Nothing to do for other changes. */
export async function tellCyclesOfChange(ctx: ServiceContext, change: UnitChange): Promise<CyclesTold> {
  const result: CyclesTold = { told: [], untold: [] };
  if (change.op !== 'merge') return result;
  const db = await ctx.db();
  const cycles = await db.reportingCycle.findMany({
    where: {
      status: { in: ['OPEN', 'CONSOLIDATED'] },
      agencies: { some: { agency: { code: { in: change.from } } } },
    },
    select: { key: true, workflowId: true },
    orderBy: { key: 'asc' },
  });
  if (cycles.length === 0) return result;
  let client;
  try {
    client = await ctx.temporal();
  } catch (err) {
    result.untold = cycles.map((c) => ({ key: c.key, error: firstLine(err) }));
    return result;
  }
  const { WorkflowNotFoundError } = await import('@temporalio/client');
  for (const c of cycles) {
    try {
      await client.workflow.getHandle(c.workflowId).signal('unitsChanged');
      result.told.push(c.key);
    } catch (err) {
      // A cycle whose workflow has ended has nothing left to carry.
      if (!(err instanceof WorkflowNotFoundError)) result.untold.push({ key: c.key, error: firstLine(err) });
    }
  }
  return result;
}
