import { Command, CommanderError } from 'commander';
import { z } from 'zod';
import { ConfigError } from '../../config';
import { registerAgencyCommands } from './commands/agencies';
import { registerCycleCommands } from './commands/cycle';
import { registerCalendarCommands } from './commands/calendar';
import { registerInspectionCommands } from './commands/inspection';
import { registerNotificationCommands } from './commands/notifications';
import { registerScheduleCommands } from './commands/schedule';
// command groups: one file each under ./commands, registered below
import { CliContext, firstLine } from '../services/context';
import { CliError } from '../services/errors';

export function buildProgram(ctx: CliContext): Command {
  const program = new Command('cchc')
    .description('Lịch báo cáo và kiểm tra CCHC tỉnh Đồng Tháp (Sở Nội vụ)')
    .showHelpAfterError('(dùng --help để xem hướng dẫn)')
    .exitOverride();
  registerAgencyCommands(program, ctx);
  registerCycleCommands(program, ctx);
  registerCalendarCommands(program, ctx);
  registerInspectionCommands(program, ctx);
  registerNotificationCommands(program, ctx);
  registerScheduleCommands(program, ctx);
  return program;
}

export async function main(argv: string[]): Promise<number> {
  z.config(z.locales.vi());
  const ctx = new CliContext();
  const program = buildProgram(ctx);
  try {
    await program.parseAsync(argv);
    return 0;
  } catch (err) {
    if (err instanceof CommanderError) {
      // Commander already printed its message (or the help / version text).
      return err.exitCode === 0 ? 0 : 2;
    }
    const message =
      err instanceof CliError || err instanceof ConfigError
        ? err.message
        : `lỗi không mong đợi: ${firstLine(err)}`;
    process.stderr.write(`Lỗi: ${message}\n`);
    if (process.env.CCHC_DEBUG && err instanceof Error) process.stderr.write(`${err.stack}\n`);
    return 1;
  } finally {
    await ctx.close();
  }
}

if (require.main === module) {
  main(process.argv).then(
    (code) => process.exit(code),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
