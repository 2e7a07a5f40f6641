import { runCliInProcess } from '../support/cli';

// `cchc status` says what it connects to, where each setting came from, and that nothing answers
// on closed ports: exit 1, one error line, the table on stdout.
describe('cchc status', () => {
  it('names each piece, its target and source, and fails when one does not answer', async () => {
    const env = {
      DATABASE_URL: 'postgresql://cchc:secret@127.0.0.1:1/none',
      TEMPORAL_ADDRESS: '127.0.0.1:1',
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: '1',
      CCHC_DEBUG: undefined,
    };
    const r = await runCliInProcess(['status', '--json'], env);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('Lỗi: có thành phần không trả lời (xem bảng trên)\n');
    const status = JSON.parse(r.stdout) as {
      ok: boolean;
      pieces: { piece: string; target: string; ok: boolean | null; source?: string }[];
    };
    expect(status.ok).toBe(false);
    expect(status.pieces.map((p) => [p.piece, p.target, p.ok, p.source])).toEqual([
      ['temporal', '127.0.0.1:1 namespace default', false, 'environment'],
      ['postgresql', 'postgresql://cchc:***@127.0.0.1:1/none', false, 'environment'],
      ['smtp', '127.0.0.1:1', false, 'environment'],
      ['sms', 'capture', null, 'default'],
    ]);
    expect(r.stdout).not.toContain('secret');
  });
});

// The table as an official reads it: Vietnamese details, and the source of each piece's settings
// named right when only some of them were set (SMTP_PORT exported, SMTP_HOST left to its default).
describe('cchc status as a table', () => {
  it('says in Vietnamese why each piece does not answer, and where its settings came from', async () => {
    const r = await runCliInProcess(['status'], {
      DATABASE_URL: 'postgresql://cchc:secret@127.0.0.1:1/none',
      TEMPORAL_ADDRESS: '127.0.0.1:1',
      TEMPORAL_NAMESPACE: undefined,
      SMTP_HOST: undefined,
      SMTP_PORT: '1',
      SMS_PROVIDER: undefined,
      CCHC_DEBUG: undefined,
    });
    expect(r.code).toBe(1);
    const rows = r.stdout.trimEnd().split('\n');
    expect(rows[0]).toMatch(/^Thành phần\s+Kết nối tới\s+Theo\s+Tình trạng\s+Chi tiết$/);
    expect(rows.find((l) => l.startsWith('Temporal'))).toMatch(
      /biến môi trường \(TEMPORAL_ADDRESS\); còn lại: mặc định\s+không trả lời\s+(Temporal: không trả lời sau 5 giây|không kết nối được trong thời gian chờ \(Failed to connect before the deadline\))$/,
    );
    expect(rows.find((l) => l.startsWith('PostgreSQL'))).toMatch(
      /\s+biến môi trường\s+không trả lời\s+từ chối kết nối: không có dịch vụ nào nghe ở cổng này \(connect ECONNREFUSED 127\.0\.0\.1:1\)$/,
    );
    expect(rows.find((l) => l.startsWith('Máy chủ thư'))).toMatch(
      /:1\s+biến môi trường \(SMTP_PORT\); còn lại: mặc định\s+không trả lời\s+từ chối kết nối: /,
    );
    expect(rows.find((l) => l.startsWith('SMS'))).toMatch(
      /^SMS\s+capture\s+mặc định\s+không kiểm tra\s+chỉ lưu lại \(capture\), không gửi tới người nhận$/,
    );
    expect(r.stdout).not.toMatch(/\b(no answer|within|captured|never sent|answers|unknown error)\b/);
    expect(r.stdout).not.toContain('secret');
  });
});
