import net from 'node:net';
import { loadConfig } from '../../config';
import { checkStack } from '../../config/stack-status';
import { freshDatabase } from '../support/db';
import { startSmsGateway, type TestSmsGateway } from '../support/sms-gateway';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp';

// checkStack(), for `cchc status`: what the configuration points at and whether each piece answers,
// against the real pieces (the Temporal dev server, PostgreSQL, an SMTP server, an SMS gateway stub)
// and against closed ports. Nothing is sent.

/** A port on 127.0.0.1 with nothing listening: bound, then closed. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

describe('checkStack', () => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  let smtp: TestSmtpServer;
  let gateway: TestSmsGateway;

  beforeAll(async () => {
    database = await freshDatabase();
    smtp = await startSmtpServer();
    gateway = await startSmsGateway();
  });
  afterAll(async () => {
    await gateway?.close();
    await smtp?.close();
    await database?.drop();
  });

  it('says what it connects to and that every piece answers, without sending anything', async () => {
    const config = loadConfig({
      TEMPORAL_ADDRESS: process.env.TEMPORAL_ADDRESS,
      DATABASE_URL: database.url,
      SMTP_HOST: smtp.host,
      SMTP_PORT: String(smtp.port),
      SMS_PROVIDER: 'webhook',
      SMS_WEBHOOK_URL: gateway.webhookUrl,
    });
    const status = await checkStack(config, {
      // SMTP_PORT set and SMTP_HOST left to its default: the piece's settings came from the environment.
      sources: {
        TEMPORAL_ADDRESS: 'environment',
        DATABASE_URL: 'dev-stack',
        SMTP_HOST: 'default',
        SMTP_PORT: 'environment',
      },
    });
    expect(status.ok).toBe(true);
    expect(status.pieces).toEqual([
      expect.objectContaining({
        piece: 'temporal',
        target: `${process.env.TEMPORAL_ADDRESS} namespace default`,
        source: 'environment',
        ok: true,
        detail: expect.stringMatching(
          /^máy chủ 1\.29\.\d+; namespace default; đã đăng ký thuộc tính tìm kiếm$/,
        ),
      }),
      expect.objectContaining({
        piece: 'postgresql',
        target: expect.stringMatching(/^postgresql:\/\/postgres:\*\*\*@127\.0\.0\.1:\d+\/cchc_t_/),
        source: 'dev-stack',
        ok: true,
        detail: expect.stringMatching(/^PostgreSQL 18\.\d+; đã tạo các bảng dữ liệu \(migration\)$/),
      }),
      expect.objectContaining({
        piece: 'smtp',
        target: `${smtp.host}:${smtp.port}`,
        source: 'environment',
        sources: { SMTP_HOST: 'default', SMTP_PORT: 'environment' },
        ok: true,
        detail: 'trả lời',
      }),
      expect.objectContaining({
        piece: 'sms',
        ok: true,
        detail: expect.stringMatching(/^webhook trả lời \(HTTP \d{3} tại http:\/\/127\.0\.0\.1:\d+\/\)$/),
      }),
    ]);
    expect(JSON.stringify(status)).not.toContain(`:${new URL(database.url).password}@`);
    expect(smtp.messages).toHaveLength(0);
    expect(gateway.delivered()).toHaveLength(0);
    expect(gateway.checks).toEqual(['HEAD /']);
  });

  it('says which piece does not answer, and why, within its time bound', async () => {
    const config = loadConfig({
      TEMPORAL_ADDRESS: `127.0.0.1:${await closedPort()}`,
      DATABASE_URL: `postgresql://postgres:postgres@127.0.0.1:${await closedPort()}/cchc`,
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(await closedPort()),
      SMS_PROVIDER: 'webhook',
      SMS_WEBHOOK_URL: `http://127.0.0.1:${await closedPort()}/sms`,
    });
    const t0 = Date.now();
    const status = await checkStack(config, { timeoutMs: 6000 }); // Temporal gives up at its own 5 s connect timeout
    expect(Date.now() - t0).toBeLessThan(10_000);
    expect(status.ok).toBe(false);
    expect(status.pieces.map((p) => [p.piece, p.ok])).toEqual([
      ['temporal', false],
      ['postgresql', false],
      ['smtp', false],
      ['sms', false],
    ]);
    for (const p of status.pieces) expect(p.detail).toMatch(/\S/);
    expect(status.pieces.find((p) => p.piece === 'postgresql')!.detail).toMatch(
      /^từ chối kết nối: không có dịch vụ nào nghe ở cổng này \(.*ECONNREFUSED/,
    );
    expect(status.pieces.find((p) => p.piece === 'smtp')!.detail).toMatch(/^từ chối kết nối: .*ECONNREFUSED/);
  });

  it('says when the database has no schema yet, and that captured SMS are not checked', async () => {
    const config = loadConfig({
      TEMPORAL_ADDRESS: process.env.TEMPORAL_ADDRESS,
      DATABASE_URL: database.url.replace(/\/cchc_t_\w+/, '/postgres'),
      SMTP_HOST: smtp.host,
      SMTP_PORT: String(smtp.port),
    });
    const status = await checkStack(config);
    expect(status.pieces.find((p) => p.piece === 'postgresql')).toMatchObject({
      ok: false,
      detail: expect.stringContaining('chưa tạo các bảng dữ liệu: chạy npm run db:migrate'),
    });
    expect(status.pieces.find((p) => p.piece === 'sms')).toMatchObject({
      target: 'capture',
      ok: null,
      detail: 'chỉ lưu lại (capture), không gửi tới người nhận',
    });
    expect(status.ok).toBe(false);
  });
});
