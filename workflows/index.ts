// Entry of the workflow bundle: every workflow type the worker runs.
export { healthCheck } from './health-check';
export { openCycle } from './reporting/open-cycle';
export { reportingCycle } from './reporting/cycle';
export { agencyReport } from './reporting/report';
export { inspectionPlan } from './inspection/plan';
export { agencyInspection } from './inspection/inspection';
