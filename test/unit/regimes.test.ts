import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { participates } from '../../domain/regime';
import { cycleKey, parseCycleKey } from '../../domain/reporting';
import { listRegimeCodes, loadRegime, readRegimeFile } from '../../config/regimes';

// Report regimes are data files; the two shipped ones must load, and a bad one must say which field.
describe('report regimes', () => {
  it('ships CCHC (the default, to Sở Nội vụ) and KSTTHC (to Văn phòng UBND tỉnh)', () => {
    expect(listRegimeCodes()).toEqual(['CCHC', 'KSTTHC']);
    const cchc = loadRegime();
    expect(cchc).toMatchObject({ code: 'CCHC', collector: { unit: 'SNV', name: 'Sở Nội vụ' } });
    expect(Object.keys(cchc.policy.periods)).toEqual(['Q1', 'H1', 'Q3', 'YEAR']);
    const tthc = loadRegime('KSTTHC');
    expect(tthc.collector.unit).toBe('VPUBND');
    expect(Object.keys(tthc.policy.periods)).toEqual(['Q1', 'Q2', 'Q3', 'Q4']);
    expect(tthc.policy.periods.Q1!.agencyDue).toEqual({ rule: 'dayOfLastMonth', day: 18 });
    expect(tthc.policy.escalations.map((e) => e.roles)).toEqual([['focal_point'], ['head']]);
    expect(participates(tthc, { code: 'VPUBND', kind: 'department' })).toBe(false);
    expect(participates(tthc, { code: 'STP', kind: 'department' })).toBe(true);
    expect(participates(cchc, { code: 'UBND_TINH', kind: 'province' })).toBe(false);
  });

  it('refuses an unknown regime and a bad file, naming the field', () => {
    expect(() => loadRegime('NOPE')).toThrow('không có chế độ báo cáo NOPE (có: CCHC, KSTTHC)');
    expect(() => loadRegime('bad code')).toThrow(/mã chế độ báo cáo không hợp lệ/);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cchc-regime-'));
    const file = path.join(dir, 'X.yaml');
    fs.writeFileSync(
      file,
      [
        'code: X',
        'name: x',
        'reportName: x',
        'collector: { unit: SNV, name: a, deskName: b, directorName: c, signature: d }',
        'summaryTo: { unit: UBND_TINH, roles: [ubnd] }',
        'participants: { kinds: [planet] }',
        'submission: { how: qua mạng }',
        'policy: { sendTime: "25:00" }',
      ].join('\n'),
    );
    expect(() => readRegimeFile(file)).toThrow(
      /code: mã chế độ báo cáo.*participants\.kinds\[0\]: loại đơn vị/,
    );
    fs.writeFileSync(
      file,
      fs.readFileSync(file, 'utf8').replace('code: X', 'code: XX').replace('planet', 'commune'),
    );
    expect(() => readRegimeFile(file)).toThrow(/^.*X\.yaml: policy\.sendTime: /);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('gives every cycle one key: regime, year, period, and the drill number of a drill', () => {
    expect(cycleKey({ regime: 'CCHC', year: 2027, period: 'Q1' })).toBe('CCHC-2027-Q1');
    expect(cycleKey({ regime: 'KSTTHC', year: 2027, period: 'Q1', drill: 3 })).toBe('KSTTHC-2027-Q1-DT3');
    expect(parseCycleKey('KSTTHC-2027-NINE_MONTHS-DT12')).toEqual({
      regime: 'KSTTHC',
      year: 2027,
      period: 'NINE_MONTHS',
      drill: 12,
    });
    expect(parseCycleKey('CCHC-2027-Q1')).toEqual({ regime: 'CCHC', year: 2027, period: 'Q1' });
    expect(parseCycleKey('cycle-2027-Q1')).toBeUndefined();
  });
});
