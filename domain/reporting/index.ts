// One agency's report in a cycle: the cycle's identity, what a submission looks like and its
// receipt, and the plan of reminders and escalations around a deadline.
export * from './identity';
export * from './rules';
