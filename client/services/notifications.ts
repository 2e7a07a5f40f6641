import type { Notification } from '../../prisma/generated/client';
import type { ServiceContext } from './context';
import { notFound } from './errors';

// The delivery log: who was told what, when, and what is still waiting or failed.

export const NOTIFICATION_STATUSES = ['pending', 'sent', 'failed', 'uncertain', 'skipped'] as const;
export type NotificationStatusName = (typeof NOTIFICATION_STATUSES)[number];

export interface NotificationFilter {
  agency?: string;
  /** `2022-Q1`: the cycle and its agencies' reports. */
  cycle?: string;
  status?: NotificationStatusName;
  /** The newest this many rows (default 200). */
  limit?: number;
}

export const DEFAULT_NOTIFICATION_LIMIT = 200;

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
    ...(filter.cycle
      ? {
          OR: [
            { workflowId: `cycle-${filter.cycle}` },
            { workflowId: { startsWith: `report-${filter.cycle}-` } },
          ],
        }
      : {}),
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
