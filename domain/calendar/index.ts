// The reporting calendar: dates in Vietnam, the working-day calendar, periods, the reporting
// policy and the dates it yields. Pure and deterministic: safe to import from workflows.
export * from './dates';
export * from './date-schemas';
export * from './lunar';
export * from './holidays';
export * from './calendar-data';
export * from './calendar-years';
export * from './holiday-data';
export * from './day-calendar';
export * from './working-calendar';
export * from './snapshot';
export * from './periods';
export * from './policy';
export * from './cycle';
export * from './schedule';
export * from './changes';
