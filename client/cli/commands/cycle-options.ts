import type { Command } from 'commander';
import { z } from 'zod';
import { REGIME_CODE_RE } from '../../../domain/reporting/identity';
import type { CycleTarget } from '../../services/cycle-refs';
import { parseOptions, periodOption, yearOption } from '../options';

// The flags that name a cycle, shared by the cycle and drill commands: --year, --period, --regime
// (default CCHC) and, for a drill, --drill <số>.

export interface CycleFlags {
  year?: string;
  period?: string;
  regime?: string;
  drill?: string;
}

export const regimeOption = z
  .string()
  .trim()
  .transform((v) => v.toUpperCase())
  .pipe(z.string().regex(REGIME_CODE_RE, 'mã chế độ báo cáo: 2-12 chữ in hoa hoặc số (vd. CCHC, KSTTHC)'));

const drillOption = z
  .string()
  .trim()
  .regex(/^\d{1,4}$/, 'số diễn tập: một số nguyên dương (vd. 1)')
  .transform(Number)
  .pipe(z.number().int().min(1, 'số diễn tập từ 1'));

/** Adds --year, --period, --regime (and --drill unless `drill: false`) to a command. */
export function cycleFlags(cmd: Command, opts: { drill?: boolean } = {}): Command {
  cmd
    .requiredOption('--year <năm>', 'năm')
    .requiredOption('--period <kỳ>', 'kỳ: Q1, H1, Q3, YEAR…')
    .option('--regime <mã>', 'chế độ báo cáo (mặc định CCHC; có: xem thư mục regimes/)');
  if (opts.drill !== false) cmd.option('--drill <số>', 'số diễn tập (bỏ trống: kỳ thật)');
  return cmd;
}

/** cycleFlags and --agency. */
export function reportFlags(cmd: Command): Command {
  return cycleFlags(cmd).requiredOption('--agency <mã>', 'mã đơn vị');
}

/** The cycle the flags name; a bad one is one line naming the flag. */
export function cycleTarget(opts: CycleFlags): CycleTarget {
  const o = parseOptions(
    z.object({
      year: yearOption,
      period: periodOption,
      regime: regimeOption.optional(),
      drill: drillOption.optional(),
    }),
    { year: opts.year, period: opts.period, regime: opts.regime, drill: opts.drill },
  );
  return {
    year: o.year,
    period: o.period,
    ...(o.regime ? { regime: o.regime } : {}),
    ...(o.drill ? { drill: o.drill } : {}),
  };
}
