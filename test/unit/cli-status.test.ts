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
