import type { Notification } from '../../prisma/generated/client';
import type { ServiceContext } from './context';
import { parseCycleKey } from '../../domain/reporting/identity';
import { notFound } from './errors';

// The delivery log: who was told what, when, and what is still waiting or failed.

export const NOTIFICATION_STATUSES = ['pending', 'sent', 'failed', 'uncertain', 'skipped'] as const;
export type NotificationStatusName = (typeof NOTIFICATION_STATUSES)[number];

export interface NotificationFilter {
  agency?: string;
  /** A cycle's key (`CCHC-2022-Q1`, a drill's `CCHC-2022-Q1-DT1`): the cycle and its units' reports. */
  cycle?: string;
  status?: NotificationStatusName;
  /** The newest this many rows (default 200). */
  limit?: number;
}

export const DEFAULT_NOTIFICATION_LIMIT = 200;

/**
 * The cycle's own messages and its units' reports'. A drill's reports (`report-<key>-DT1-<unit>`)
 * share the real cycle's prefix, so the real cycle leaves out those of its period's drills.
 */
async function cycleWhere(ctx: ServiceContext, key: string) {
  const ref = parseCycleKey(key);
  const drills =
    ref && !ref.drill
      ? await (
          await ctx.db()
        ).reportingCycle.findMany({
          where: { regime: ref.regime, year: ref.year, period: ref.period, drillNo: { gt: 0 } },
          select: { key: true },
        })
      : [];
  return {
    OR: [{ workflowId: `cycle-${key}` }, { workflowId: { startsWith: `report-${key}-` } }],
    ...(drills.length > 0
      ? { NOT: drills.map((d) => ({ workflowId: { startsWith: `report-${d.key}-` } })) }
      : {}),
  };
}

/** The newest rows matching the filter, oldest first, with the total that matched. */
export async function listNotifications(
  ctx: ServiceContext,
  filter: NotificationFilter,
): Promise<{ rows: Notification[]; total: number }> {
  const db = await ctx.db();
  if (
    filter.agency &&
    !(await db.agency.findUnique({ where: { code: filter.agency }, select: { id: true } }))
  ) {
    throw notFound('agency', `không có đơn vị mã ${filter.agency} (xem "cchc agencies list")`);
  }
  const where = {
    ...(filter.agency ? { agencyCode: filter.agency } : {}),
    ...(filter.status ? { status: filter.status.toUpperCase() as Uppercase<NotificationStatusName> } : {}),
    ...(filter.cycle ? await cycleWhere(ctx, filter.cycle) : {}),
  };
  const [newest, total] = await Promise.all([
    db.notification.findMany({
      where,
      orderBy: { id: 'desc' },
      take: filter.limit ?? DEFAULT_NOTIFICATION_LIMIT,
    }),
    db.notification.count({ where }),
  ]);
  return { rows: newest.reverse(), total };
}
