// Entry of the workflow bundle: every workflow type the worker runs.
//
// Each type's module is loaded when a workflow of that type starts, not when the bundle is
// entered: Temporal evaluates the bundle's modules once per workflow (each keeps its own module
// state), so a report waiting for its deadline holds the report's code only, not the cycle's, the
// inspections' or their domain modules. Types only at the top; `require` inside each function.
/* eslint-disable @typescript-eslint/no-require-imports, no-restricted-syntax -- lazy per workflow type (see
   above); each require names a module the `import type` lines below also name, so the import rules
   still check every path */
import type * as HealthCheck from './health-check';
import type * as OpenCycle from './reporting/open-cycle';
import type * as Cycle from './reporting/cycle';
import type * as Report from './reporting/report';
import type * as Plan from './inspection/plan';
import type * as Inspection from './inspection/inspection';

export function healthCheck(...args: Parameters<typeof HealthCheck.healthCheck>) {
  return (require('./health-check') as typeof HealthCheck).healthCheck(...args);
}

export function openCycle(...args: Parameters<typeof OpenCycle.openCycle>) {
  return (require('./reporting/open-cycle') as typeof OpenCycle).openCycle(...args);
}

export function reportingCycle(...args: Parameters<typeof Cycle.reportingCycle>) {
  return (require('./reporting/cycle') as typeof Cycle).reportingCycle(...args);
}

export function agencyReport(...args: Parameters<typeof Report.agencyReport>) {
  return (require('./reporting/report') as typeof Report).agencyReport(...args);
}

export function inspectionPlan(...args: Parameters<typeof Plan.inspectionPlan>) {
  return (require('./inspection/plan') as typeof Plan).inspectionPlan(...args);
}

export function agencyInspection(...args: Parameters<typeof Inspection.agencyInspection>) {
  return (require('./inspection/inspection') as typeof Inspection).agencyInspection(...args);
}
