import { CommanderError, type Command } from 'commander';
import { ConfigError } from '../../config';
import { useVietnameseZod } from '../../domain/zod-vi';
import { ServiceContext } from '../services/context';
import { firstLine, ServiceError } from '../services/errors';
import { CliError } from './errors';
import { createProgram } from './program';
import { toCliError } from './run';

type RegisterCommands = (program: Command, ctx: ServiceContext) => void;

// Command groups: one file each under ./commands, each registering the top-level commands named
// here. They are loaded on demand: `cchc calendar …` never loads Temporal's or Prisma's clients.
export const COMMAND_GROUPS: { commands: string[]; load: () => Promise<RegisterCommands> }[] = [
  { commands: ['agencies'], load: async () => (await import('./commands/agencies')).registerAgencyCommands },
  {
    commands: ['cycle', 'overdue'],
    load: async () => (await import('./commands/cycle')).registerCycleCommands,
  },
  { commands: ['status'], load: async () => (await import('./commands/status')).registerStatusCommands },
  { commands: ['regime'], load: async () => (await import('./commands/regime')).registerRegimeCommands },
  { commands: ['drill'], load: async () => (await import('./commands/drill')).registerDrillCommands },
  {
    commands: ['calendar'],
    load: async () => (await import('./commands/calendar')).registerCalendarCommands,
  },
  {
    commands: ['inspection'],
    load: async () => (await import('./commands/inspection')).registerInspectionCommands,
  },
  {
    commands: ['notifications'],
    load: async () => (await import('./commands/notifications')).registerNotificationCommands,
  },
  { commands: ['report'], load: async () => (await import('./commands/report')).registerReportCommands },
  {
    commands: ['schedule'],
    load: async () => (await import('./commands/schedule')).registerScheduleCommands,
  },
];

/**
 * The `cchc` program. Given the command line, it registers only the group of the command named
 * there (when there is one); otherwise (help, a misspelt command) every group.
 */
export async function buildProgram(ctx: ServiceContext, argv?: string[]): Promise<Command> {
  const named = argv?.slice(2).find((arg) => !arg.startsWith('-'));
  const only = COMMAND_GROUPS.filter((group) => named !== undefined && group.commands.includes(named));
  const program = createProgram().description('Lịch báo cáo và kiểm tra CCHC tỉnh Đồng Tháp (Sở Nội vụ)');
  for (const group of only.length > 0 ? only : COMMAND_GROUPS) (await group.load())(program, ctx);
  return program;
}

export async function main(argv: string[]): Promise<number> {
  useVietnameseZod();
  const ctx = new ServiceContext();
  const program = await buildProgram(ctx, argv);
  try {
    await program.parseAsync(argv);
    return 0;
  } catch (err) {
    if (err instanceof CommanderError) {
      // Already said on one line (program.ts), or the help was printed: 0 for help, 2 for a
      // misspelt command, 1 for any other refusal.
      return err.exitCode;
    }
    const message =
      err instanceof ServiceError
        ? (toCliError(err) as Error).message
        : err instanceof CliError || err instanceof ConfigError
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
