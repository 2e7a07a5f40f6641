import type { ActivityDeps } from './deps';

export interface AuditEventInput {
  workflowId: string;
  kind: string;
  agencyCode?: string;
  detail?: Record<string, unknown>;
}

export function createAuditActivities({ db, now }: ActivityDeps) {
  return {
    /** Appends one event to the audit log and returns its id. */
    async recordAuditEvent(input: AuditEventInput): Promise<number> {
      const row = await db.auditEvent.create({
        data: {
          workflowId: input.workflowId,
          kind: input.kind,
          agencyCode: input.agencyCode,
          detail: (input.detail ?? undefined) as never,
          at: now(),
        },
      });
      return row.id;
    },
  };
}
