import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { startMailCatcher, type MailCatcher } from '../../scripts/lib/mail-catcher';

// The development mailbox's pages say when a message arrived as officials read dates everywhere
// else: dd/mm/yyyy HH:mm, Vietnam time, whatever the machine's own time zone or locale.

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

describe('mail catcher pages', () => {
  let dir: string;
  let catcher: MailCatcher;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cchc-mail-'));
    const file = path.join(dir, '1-000001.eml');
    fs.writeFileSync(
      file,
      [
        'From: cchc@snv.example',
        'To: daumoi@stp.example',
        'Subject: =?UTF-8?B?' + Buffer.from('Nhắc hạn báo cáo').toString('base64') + '?=',
        'Content-Type: text/plain; charset=utf-8',
        '',
        'Nội dung',
        '',
      ].join('\r\n'),
    );
    // Received at 01:02 UTC: 08:02 in Vietnam, on 6 March 2027.
    const at = new Date('2027-03-06T01:02:00Z');
    fs.utimesSync(file, at, at);
    catcher = await startMailCatcher({ dir, smtpPort: await freePort(), httpPort: await freePort() });
  });
  afterAll(async () => {
    await catcher?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const page = async (p: string) => (await fetch(`http://127.0.0.1:${catcher.httpPort}${p}`)).text();

  it('lists a message with its time as 06/03/2027 08:02', async () => {
    const html = await page('/');
    expect(html).toContain('<td>06/03/2027 08:02</td>');
    expect(html).toContain('Nhắc hạn báo cáo');
    expect(html).not.toMatch(/2027-03-06T|6\/3\/2027|08:02:00/);
  });

  it('shows the same time on the message’s own page', async () => {
    const html = await page('/message/1-000001');
    expect(html).toContain('<b>Nhận lúc:</b> 06/03/2027 08:02</p>');
    expect(html).not.toContain('2027-03-06T');
  });
});
