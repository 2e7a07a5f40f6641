import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import type { Activities } from '../../activities';
import type { ReportingAgenciesInput } from '../../activities/reporting';
import { vnDateOf } from '../../domain/calendar';
import { inForceOn, type UnitLife } from '../../domain/unit-life';
import { reportingCycle } from '../../workflows';
import { cycleStatusQuery } from '../../workflows/reporting/messages';
import { bundleWorkflows, createTimeSkippingEnv } from '../support/time-skipping';

// A cycle enrolls the units in force on its opening date: Q1 2027 opens on Mon 1/3/2027 (default
// policy: 10 working days before the cutoff of Sun 14/3). The fake activity answers as the real
// one does (activities/reporting.ts): the units in force on the date it is given, today without one.

const UNITS: (UnitLife & { code: string })[] = [
  { code: 'STP', validFrom: null, validTo: null },
  { code: 'H_LAPVO', validFrom: null, validTo: '2025-06-30' }, // a district of the 2022 set
  { code: 'X_MOI', validFrom: '2027-01-01', validTo: null }, // founded after today, before the opening
  { code: 'X_CU', validFrom: null, validTo: '2027-02-15' }, // ends before the opening
  { code: 'X_SAU', validFrom: '2027-03-02', validTo: null }, // founded the day after the opening
];

describe('a cycle enrolls the units in force on its opening date', () => {
  let env: TestWorkflowEnvironment;
  let bundle: WorkflowBundleWithSourceMap;
  const asked: (ReportingAgenciesInput | undefined)[] = [];

  beforeAll(async () => {
    bundle = await bundleWorkflows();
    env = await createTimeSkippingEnv();
  });
  afterAll(async () => {
    await env?.teardown();
  });

  const activities: Partial<Activities> = {
    async listReportingAgencies(input?: ReportingAgenciesInput) {
      asked.push(input);
      const onDate = input?.onDate ?? vnDateOf(Date.now());
      return {
        agencyCodes: UNITS.filter((u) => inForceOn(u, onDate)).map((u) => u.code),
        snvAgencyCode: 'SNV',
        ubndAgencyCode: 'UBND_TINH',
      };
    },
    async recordCycle() {},
    async closeCycleRecord() {},
    async recordReportState() {},
    async notify() {
      return { sent: 1, alreadySent: 0, deferred: [], failed: [], skipped: 0, noRecipients: false };
    },
    async recordAuditEvent() {
      return 0;
    },
  };

  it('Q1 2027: not a 2022 district, nor a unit ended or founded around the opening', async () => {
    const taskQueue = 'cycle-enrollment';
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowBundle: bundle,
      activities,
    });
    await worker.runUntil(async () => {
      const cycle = await env.client.workflow.start(reportingCycle, {
        taskQueue,
        workflowId: 'cycle-2027-Q1',
        args: [{ year: 2027, period: 'Q1' }],
      });
      let status;
      while (!(status = await cycle.query(cycleStatusQuery).catch(() => undefined)))
        await new Promise((r) => setTimeout(r, 50));
      expect(asked).toEqual([{ onDate: '2027-03-01' }]);
      expect(status.agencyCodes).toEqual(['STP', 'X_MOI']);
      await cycle.terminate('test done');
    });
  });
});
