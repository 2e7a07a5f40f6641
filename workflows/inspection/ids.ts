// Workflow IDs of the inspection feature: built here only.

export const planWorkflowId = (year: number, code: string) => `inspection-plan-${year}-${code}`;
export const inspectionWorkflowId = (year: number, code: string, agencyCode: string) =>
  `inspection-${year}-${code}-${agencyCode}`;
