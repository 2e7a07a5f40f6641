import { spawn, spawnSync } from 'node:child_process';
import os from 'node:os';
import { stringify } from 'yaml';
import { cliBinary } from '../support/cli';
import { calendarFile2031, startCalendarWorld, YEAR, type CalendarWorld } from '../support/calendar-world';

// `cchc calendar publish` on a terminal asks before it stores anything. The terminal is a real
// pseudo-terminal (util-linux `script`), the answer typed once the question is on screen. No
// workflows run here (calendar-publish.test.ts tells them).

let world: CalendarWorld;

beforeAll(async () => {
  world = await startCalendarWorld({ workflows: false });
});
afterAll(async () => {
  await world?.close();
});

const hasScript = spawnSync('script', ['--version'], { encoding: 'utf8' }).status === 0;

/** Runs the binary on a pseudo-terminal and answers `answer` to its question; resolves with all it showed. */
function publishOnTerminal(file: string, answer: string): Promise<{ code: number; screen: string }> {
  return new Promise((resolve, reject) => {
    const command = `${process.execPath} ${cliBinary} calendar publish ${file}`;
    const child = spawn('script', ['-qec', command, '/dev/null'], {
      env: { ...process.env, CCHC_DEV_ENV: 'off', DATABASE_URL: world.url, CCHC_CALENDAR_SOURCE: undefined },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let screen = '';
    let answered = false;
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.stdout.on('data', (d: Buffer) => {
      screen += d.toString();
      if (!answered && screen.includes('(c/k)')) {
        answered = true;
        child.stdin.write(`${answer}\n`);
      }
    });
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, screen });
    });
  });
}

(hasScript ? describe : describe.skip)('cchc calendar publish on a terminal', () => {
  it('stores nothing when the official answers no, and the version when they answer yes', async () => {
    const file = world.writeFile(
      '2031.yaml',
      stringify(calendarFile2031([{ from: '2031-03-12', name: 'Ngày nghỉ thêm' }])),
    );
    const no = await publishOnTerminal(file, 'k');
    expect(no.screen).toContain('+ ngày nghỉ Thứ Tư 12/03/2031: Ngày nghỉ thêm');
    expect(no.screen).toContain(`Công bố bản 1 của lịch nghỉ năm ${YEAR}? (c/k)`);
    expect(no.screen).toContain('Đã hủy: chưa công bố gì.');
    expect(no.code).toBe(0);
    expect(await world.db.calendarVersion.count()).toBe(0);

    const yes = await publishOnTerminal(file, 'c');
    expect(yes.screen).toMatch(/Đã lưu bản 1 của lịch nghỉ năm 2031 \(người công bố: [^,]+, lúc /);
    expect(yes.code).toBe(0);
    const rows = await world.db.calendarVersion.findMany();
    expect(rows.map((r) => [r.year, r.version])).toEqual([[YEAR, 1]]);
    // Without --by, the publisher is the account that ran the command.
    expect(rows[0]!.publishedBy).toBe(os.userInfo().username);
  });
});
