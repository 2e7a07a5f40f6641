// Entry of the workflow bundle: every workflow type the worker runs.
export { healthCheck } from './health-check';
