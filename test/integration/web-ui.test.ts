import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, type Worker } from '@temporalio/worker';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createWorkingCalendar, vnDateOf, yearOf } from '../../domain/calendar';
import { loadConfig } from '../../config';
import { freePort } from '../../scripts/lib/ports';
import { startTemporalUi, type TemporalUi } from '../../scripts/lib/temporal-ui';
import { createActivityDeps } from '../../worker/deps';
import { createWorker } from '../../worker/worker';
import { runCli } from '../support/cli';
import { freshDatabase } from '../support/db';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp';
import { agenciesYaml } from '../support/agencies-yaml';

// What an official sees in the Temporal Web UI (2.42, the UI server against the dev server), read
// from the page by Debian's chromium: a drill cycle of three units and an inspection plan of one,
// started through the CLI and run by a real worker on PostgreSQL with a real SMTP server. The list
// filtered by the cycle has one row per unit's report (2.42's list has no summary column: the
// cycle's history shows each report's Vietnamese summary with the unit's name); the cycle's page
// shows its summary, its details (regime, period and window, deadline, consolidation, final close,
// the commands) and its lifetime; a report's page shows its details (unit, deadline dd/mm/yyyy
// HH:mm), its current state in words, and the summary of the timer it waits on. Screenshots are kept
// in CCHC_SCREENSHOT_DIR (.ci/run: test-artifacts/screenshots; else a temp dir, printed), whole:
// the details' frames grown to their text, the window to the page's content.

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const YEAR = 2046;
const PERIOD = 'Q1';
const DRILL_KEY = `CCHC-${YEAR}-${PERIOD}-DT1`;
const calendar = createWorkingCalendar();
const visit = calendar.addWorkingDays(vnDateOf(Date.now()), 8);
const PLAN_CODE = `UI-${Date.now().toString(36).toUpperCase()}`;
const PLAN_YEAR = yearOf(visit);

const AGENCIES_YAML = agenciesYaml();

const PLAN_YAML = [
  `year: ${PLAN_YEAR}`,
  `code: ${PLAN_CODE}`,
  'decisionRef: Quyết định số 123/QĐ-UBND ngày 10/01/2022',
  'team:',
  '  lead: { agency: SNV, role: snv_desk }',
  '  members:',
  '    - { agency: SNV, role: snv_director }',
  'inspections:',
  '  - agency: SYT',
  `    visitDate: ${visit}`,
  '    scope: Cải cách thủ tục hành chính',
  '',
].join('\n');

/** dd/mm/yyyy HH:mm in Vietnam time, by the platform's formatter (not the project's). */
const vnText = (ms: number) => {
  const p = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Asia/Ho_Chi_Minh',
      day: '2-digit',
      month: '2-digit',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(ms)
      .map((x) => [x.type, x.value]),
  );
  return `${p.day}/${p.month}/${p.year} ${p.hour}:${p.minute}`;
};
const vnDate = (iso: string) => iso.split('-').reverse().join('/');

describe('the Temporal Web UI in officials’ terms (UI server, dev server, worker, PostgreSQL, SMTP, chromium)', () => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  let smtp: TestSmtpServer;
  let nativeConnection: NativeConnection;
  let connection: Connection;
  let client: Client;
  let worker: Worker;
  let running: Promise<void>;
  let closeDeps: () => void;
  let ui: TemporalUi;
  let browser: Browser;
  let page: Page;
  const taskQueue = `it-webui-${Date.now().toString(36)}`;
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cchc-webui-'));
  const shots = process.env.CCHC_SCREENSHOT_DIR ?? path.join(tmp, 'screenshots');
  let env: Record<string, string>;
  const cli = (...args: string[]) => runCli(args, env);

  beforeAll(async () => {
    if (!fs.existsSync(CHROMIUM))
      throw new Error(
        `chromium not found at ${CHROMIUM}: install Debian's package (apt-get install chromium) or set CHROMIUM_PATH`,
      );
    fs.mkdirSync(shots, { recursive: true });
    database = await freshDatabase();
    smtp = await startSmtpServer();
    env = {
      DATABASE_URL: database.url,
      TEMPORAL_ADDRESS: process.env.TEMPORAL_ADDRESS!,
      TEMPORAL_TASK_QUEUE: taskQueue,
      SMTP_HOST: smtp.host,
      SMTP_PORT: String(smtp.port),
      SMS_PROVIDER: 'capture',
    };
    nativeConnection = await NativeConnection.connect({ address: env.TEMPORAL_ADDRESS });
    connection = await Connection.connect({ address: env.TEMPORAL_ADDRESS });
    client = new Client({ connection });
    const deps = createActivityDeps(loadConfig(env), database.db);
    closeDeps = deps.close;
    worker = await createWorker({ connection: nativeConnection, namespace: 'default', taskQueue, deps });
    running = worker.run();
    ui = await startTemporalUi({
      dir: path.join(tmp, 'ui'),
      temporalAddress: process.env.TEMPORAL_ADDRESS!,
      port: await freePort(),
      namespace: 'default',
      writeActions: false,
    });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
    // An official's browser in Vietnam, the UI set to show local time, the list with the unit's and
    // the state's columns (what the README tells officials to choose once).
    const context = await browser.newContext({
      viewport: { width: 1440, height: 1000 },
      locale: 'vi-VN',
      timezoneId: 'Asia/Ho_Chi_Minh',
    });
    await context.addInitScript(() => {
      const { localStorage } = globalThis as unknown as {
        localStorage: { setItem(k: string, v: string): void };
      };
      localStorage.setItem('timeFormat', JSON.stringify('local'));
      localStorage.setItem(
        'namespace-workflow-table-columns',
        JSON.stringify({
          default: ['Status', 'Workflow ID', 'CchcAgency', 'CchcState', 'CchcLevel', 'Type', 'Start'].map(
            (label, i) => ({ label, pinned: i < 2 }),
          ),
        }),
      );
    });
    page = await context.newPage();
    page.setDefaultTimeout(60_000);
  });
  afterAll(async () => {
    await browser?.close();
    await ui?.stop();
    // Nothing of this test stays running on the shared dev server.
    for await (const wf of client.workflow.list({
      query: `(CchcCycle = "${DRILL_KEY}" OR CchcPlan = "${PLAN_CODE}") AND ExecutionStatus = "Running"`,
    }))
      await client.workflow
        .getHandle(wf.workflowId)
        .terminate('test over')
        .catch(() => undefined);
    worker?.shutdown();
    await running;
    closeDeps?.();
    await connection?.close();
    await nativeConnection?.close();
    await smtp?.close();
    await database?.drop();
    console.log(`Web UI screenshots: ${shots}`);
    // Screenshots kept elsewhere: the scratch folder goes; else only the screenshots in it stay.
    fs.rmSync(process.env.CCHC_SCREENSHOT_DIR ? tmp : path.join(tmp, 'ui'), { recursive: true, force: true });
  });

  /**
   * The Web UI renders the summary and the details in frames of a fixed height, so their last lines
   * would be cut off (the details at "Thao tác:"): each frame is grown to its content first, and the
   * screenshot is of the whole page.
   */
  async function shot(name: string): Promise<void> {
    for (const frame of page.frames()) {
      if (frame === page.mainFrame()) continue;
      const height = await frame
        .evaluate(() => {
          const doc = (globalThis as unknown as { document: { documentElement: { scrollHeight: number } } })
            .document;
          return doc.documentElement.scrollHeight;
        })
        .catch(() => undefined);
      const element = await frame.frameElement().catch(() => undefined);
      if (height === undefined || !element) continue;
      await element
        .evaluate((el: unknown, h: number) => {
          type Box = { style: Record<string, string>; parentElement: Box | null };
          const box = el as Box;
          box.style.height = `${h + 8}px`;
          box.style.maxHeight = 'none';
          // The frame's containers keep a fixed height too: up to the panel, let them grow with it.
          for (let up = box.parentElement, i = 0; up && i < 4; up = up.parentElement, i++) {
            up.style.height = 'auto';
            up.style.maxHeight = 'none';
            up.style.overflow = 'visible';
          }
        }, height)
        .catch(() => undefined);
    }
    // The UI scrolls inside its own container, not the page: the window is made as tall as the
    // content for the screenshot (at most 5,000 px), then set back.
    const viewport = page.viewportSize()!;
    const hidden = await page.evaluate(() => {
      type El = { scrollHeight: number; clientHeight: number };
      const g = globalThis as unknown as {
        document: { querySelectorAll(s: string): Iterable<El> };
        getComputedStyle(el: El): { overflowY: string; visibility: string };
      };
      // The page's main scrolling container: the tallest element that scrolls (menus closed are
      // invisible lists of hundreds of entries: not those).
      let main: El | undefined;
      for (const el of g.document.querySelectorAll('*'))
        if (
          el.scrollHeight > el.clientHeight &&
          ['auto', 'scroll'].includes(g.getComputedStyle(el).overflowY) &&
          g.getComputedStyle(el).visibility !== 'hidden' &&
          el.clientHeight > (main?.clientHeight ?? 0)
        )
          main = el;
      return main ? main.scrollHeight - main.clientHeight : 0;
    });
    const height = Math.min(5_000, viewport.height + hidden);
    if (height > viewport.height) await page.setViewportSize({ width: viewport.width, height });
    await page.screenshot({ path: path.join(shots, `${name}.png`), fullPage: true });
    if (height > viewport.height) await page.setViewportSize(viewport);
  }
  const listUrl = (query: string) =>
    `${ui.url}/namespaces/default/workflows?query=${encodeURIComponent(query)}`;
  async function workflowUrl(
    workflowId: string,
    tab: 'history' | 'user-metadata' | 'relationships',
  ): Promise<string> {
    const { runId } = await client.workflow.getHandle(workflowId).describe();
    return `${ui.url}/namespaces/default/workflows/${encodeURIComponent(workflowId)}/${runId}/${tab}`;
  }
  async function until<T>(what: string, probe: () => Promise<T>, ok: (v: T) => boolean): Promise<T> {
    const end = Date.now() + 60_000;
    for (;;) {
      const v = await probe();
      if (ok(v)) return v;
      if (Date.now() > end) throw new Error(`${what}: still ${JSON.stringify(v)}`);
      await new Promise((r) => setTimeout(r, 300));
    }
  }
  /** The text an official reads: the page and the frames the UI renders markdown details in. */
  async function pageText(): Promise<string> {
    const texts = await Promise.all(
      page.frames().map((f) =>
        f
          .locator('body')
          .innerText({ timeout: 5_000 })
          .catch(() => ''),
      ),
    );
    return texts.join('\n');
  }
  /** Waits until `text` shows on the page; the page is kept as `<name>.png` (`<name>-failed.png`). */
  async function see(text: string, name: string): Promise<string> {
    const end = Date.now() + 60_000;
    for (;;) {
      const all = await pageText();
      if (all.includes(text)) {
        await shot(name);
        return all;
      }
      if (Date.now() > end) {
        await shot(`${name}-failed`);
        throw new Error(`"${text}" not on the page (${name}): ${all.slice(0, 2000)}`);
      }
      await new Promise((r) => setTimeout(r, 300));
    }
  }
  const count = async (query: string) => (await client.workflow.count(query)).count;

  it('shows a drill cycle and an inspection in Vietnamese: list, details, current state, timers', async () => {
    const agenciesFile = path.join(tmp, 'agencies.yaml');
    fs.writeFileSync(agenciesFile, AGENCIES_YAML);
    expect((await cli('agencies', 'import', agenciesFile)).code).toBe(0);

    const dueAt = Date.now() + 60_000;
    const started = await cli(
      'drill',
      'start',
      '--year',
      String(YEAR),
      '--period',
      PERIOD,
      '--due',
      new Date(dueAt).toISOString(),
      '--step',
      '10s',
      '--json',
    );
    expect(started.stderr).toBe('');
    const planFile = path.join(tmp, 'plan.yaml');
    fs.writeFileSync(planFile, PLAN_YAML);
    const plan = await cli('inspection', 'start', '--plan', planFile);
    expect(plan.code).toBe(0);

    // Every unit's report is open and has sent its opening notice; the inspection has sent its notice.
    await until(
      'the reports',
      () => count(`CchcCycle = "${DRILL_KEY}" AND CchcKind = "report"`),
      (n) => n === 3,
    );
    await smtp.waitForMessages(4, 60_000);

    // The list, filtered by the cycle as the README's query does it: one row per unit's report.
    await page.goto(listUrl(`CchcCycle = "${DRILL_KEY}" AND CchcKind = "report"`));
    await see(`report-${DRILL_KEY}-STP`, '01-cycle-list');
    const due = vnText(dueAt);

    // The cycle's page: the reports it started, each by its Vietnamese summary (the list of
    // Web UI 2.42 has no summary column; the cycle's history has them, one line per unit).
    await page.goto(await workflowUrl(`cycle-${DRILL_KEY}`, 'history'));
    await see(`— Sở Tư pháp — hạn ${due}`, '02-cycle-history');
    const cycle = await pageText();
    for (const unit of ['Sở Tư pháp', 'Sở Y tế', 'Sở Nội vụ'])
      expect(cycle).toContain(`[DIỄN TẬP số 1] Báo cáo CCHC Quý I/${YEAR} — ${unit} — hạn ${due}`);
    // The cycle's own page: its summary and fixed details (regime, period, deadline, milestones,
    // the commands), its state now, and its lifetime (the final close plus 30 days).
    await page.goto(await workflowUrl(`cycle-${DRILL_KEY}`, 'user-metadata'));
    await see('Thao tác:', '03-cycle-metadata');
    const cycleMeta = await pageText();
    expect(cycleMeta).toContain(
      `[DIỄN TẬP số 1] Báo cáo công tác cải cách hành chính: Quý I năm ${YEAR} — hạn ${due}`,
    );
    expect(cycleMeta).toContain(
      'Chế độ báo cáo: Báo cáo công tác cải cách hành chính (CCHC), nộp cho Sở Nội vụ',
    );
    expect(cycleMeta).toMatch(
      new RegExp(
        `Kỳ: Quý I năm ${YEAR} \\(${DRILL_KEY}\\) — diễn tập, không phải kỳ thật · số liệu: từ \\d\\d/12/${YEAR - 1} đến \\d\\d/03/${YEAR}`,
      ),
    );
    expect(cycleMeta).toContain(`Hạn các đơn vị nộp: ${due}`);
    expect(cycleMeta).toMatch(/Kết thúc kỳ \(chốt sổ\): \d\d\/\d\d\/\d{4} \d\d:\d\d: hồ sơ cố định/);
    expect(cycleMeta).toContain(
      `cchc drill status | cancel | purge --regime CCHC --year ${YEAR} --period Q1 --drill 1`,
    );
    expect(cycleMeta).toContain('Tình trạng: đang nhận báo cáo');
    expect(cycleMeta).toMatch(/Workflow Timeout\s+30 days/);
    expect(cycleMeta).not.toMatch(/@|\b0\d{9}\b/); // no address, no phone number

    // A report's page: its fixed details, its state now, and the timer it waits on, in words.
    await page.goto(await workflowUrl(`report-${DRILL_KEY}-STP`, 'user-metadata'));
    await see('Đơn vị:', '04-report-metadata');
    const report = await pageText();
    expect(report).toContain(`[DIỄN TẬP số 1] Báo cáo CCHC Quý I/${YEAR} — Sở Tư pháp — hạn ${due}`);
    expect(report).toContain('Sở Tư pháp (STP)');
    expect(report).toContain(`Hạn nộp cho Sở Nội vụ: ${due}`);
    expect(report).toContain('Tình trạng: chưa nộp');
    const epoch = /.{0,80}\b1[7-9]\d{11}\b.{0,40}/.exec(report);
    expect(epoch?.[0]).toBeUndefined(); // no raw epoch milliseconds
    await page.goto(await workflowUrl(`report-${DRILL_KEY}-STP`, 'history'));
    await see('Nhắc hạn (diễn tập)', '05-report-history');
    const history = await pageText();
    expect(history).toMatch(/Chờ đến \d\d\/\d\d\/\d{4} \d\d:\d\d: Nhắc hạn \(diễn tập\)/);
    expect(history).toContain('Gửi thông báo mở kỳ báo cáo');

    // The inspection, in the list by its plan and on its own page.
    await page.goto(listUrl(`CchcPlan = "${PLAN_CODE}"`));
    await see(`inspection-${PLAN_YEAR}-${PLAN_CODE}-SYT`, '06-inspection-list');
    await page.goto(await workflowUrl(`inspection-${PLAN_YEAR}-${PLAN_CODE}-SYT`, 'user-metadata'));
    await see('Đơn vị được kiểm tra:', '07-inspection-metadata');
    const inspection = await pageText();
    expect(inspection).toContain(
      `Kiểm tra CCHC năm ${PLAN_YEAR} (${PLAN_CODE}) — Sở Y tế — ngày kiểm tra ${vnDate(visit)}`,
    );
    expect(inspection).toContain('Tình trạng: đã thông báo');
    await page.goto(await workflowUrl(`inspection-${PLAN_YEAR}-${PLAN_CODE}-SYT`, 'history'));
    await see('Gửi thông báo kiểm tra', '08-inspection-history');
    expect(await pageText()).toMatch(/Chờ đến \d\d\/\d\d\/\d{4} \d\d:\d\d: /);
    await page.goto(await workflowUrl(`inspection-plan-${PLAN_YEAR}-${PLAN_CODE}`, 'user-metadata'));
    await see('Đoàn kiểm tra:', '09-plan-metadata');
  });
});
