import { createAuditActivities } from './audit';
import { createCalendarActivities } from './calendar';
import type { ActivityDeps } from './deps';
import { createInspectionActivities } from './inspections';
import { createNotificationActivities } from './notifications';
import { createReportingActivities } from './reporting';
import { createSuccessionActivities } from './successions';

export type { ActivityDeps } from './deps';

/** Every activity the worker registers, built from its dependencies. */
export function createActivities(deps: ActivityDeps) {
  return {
    ...createAuditActivities(deps),
    ...createCalendarActivities(deps),
    ...createNotificationActivities(deps),
    ...createInspectionActivities(deps),
    ...createReportingActivities(deps),
    ...createSuccessionActivities(deps),
  };
}

export type Activities = ReturnType<typeof createActivities>;
