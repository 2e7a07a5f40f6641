import { Command } from 'commander';
import { buildProgram, COMMAND_GROUPS } from '../../client/cli';
import type { ServiceContext } from '../../client/services/context';

// The CLI loads only the command group a command line names (start-up time): the table that says
// which group registers which top-level command must match what the groups really register.
const ctx = {} as ServiceContext; // registering opens nothing; only actions use the context
const names = (program: Command) => program.commands.map((c) => c.name()).sort();

describe('command groups loaded on demand', () => {
  it.each(COMMAND_GROUPS.map((g) => [g.commands.join(', '), g] as const))(
    'the group of %s registers exactly those commands',
    async (_label, group) => {
      const program = new Command('cchc');
      (await group.load())(program, ctx);
      expect(names(program)).toEqual([...group.commands].sort());
    },
  );

  it('a command line naming a command registers its group only; anything else registers all', async () => {
    expect(names(await buildProgram(ctx, ['node', 'cchc', 'calendar', 'check']))).toEqual(['calendar']);
    expect(names(await buildProgram(ctx, ['node', 'cchc', 'overdue', '--json']))).toEqual(
      ['cycle', 'overdue'].sort(),
    );
    const all = COMMAND_GROUPS.flatMap((g) => g.commands).sort();
    expect(names(await buildProgram(ctx, ['node', 'cchc', '--help']))).toEqual(all);
    expect(names(await buildProgram(ctx, ['node', 'cchc', 'calender']))).toEqual(all);
    expect(names(await buildProgram(ctx))).toEqual(all);
  });
});
