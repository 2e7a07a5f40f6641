import type { Command } from 'commander';
import { buildProgram } from '../../client/cli';
import type { ServiceContext } from '../../client/services/context';
import { runCliInProcess } from '../support/cli';

// Every help text an official can ask for (`cchc --help`, `cchc <command> … --help`) is in
// Vietnamese: commander's own titles and words replaced, placeholders in Vietnamese, each default
// said once. Registering commands opens nothing, so the whole program is built in-process.

const ctx = {} as ServiceContext;

/** Commander's English, as it would show through: titles, its help option and command, defaults. */
const COMMANDER_ENGLISH =
  /\b(Usage|Options|Commands|Arguments|Global Options|display help|for command|default:|choices:|env:|preset:|\[options\]|\[command\]|output the version)/;

/** Placeholders that are a format or the literal values, not words. */
const FORMATS = new Set(['YYYY-MM-DD', 'copy|none', 'xlsx|csv']);
const VIETNAMESE = /[ăâđêôơưàáạảãằắặẳẵầấậẩẫèéẹẻẽềếệểễìíịỉĩòóọỏõồốộổỗờớợởỡùúụủũừứựửữỳýỵỷỹ]/i;

function allCommands(command: Command, path: string[] = []): [string, Command][] {
  const here: [string, Command][] = [[[...path, command.name()].join(' '), command]];
  return here.concat(...command.commands.map((c) => allCommands(c, [...path, command.name()])));
}

describe('help texts', () => {
  let commands: [string, Command][];
  beforeAll(async () => {
    commands = allCommands(await buildProgram(ctx));
  });

  it('covers every command', () => {
    expect(commands.length).toBeGreaterThan(40);
  });

  it('no command’s help has commander’s English, an English placeholder or a default said twice', () => {
    const problems: string[] = [];
    for (const [path, command] of commands) {
      const help = command.helpInformation();
      const english = COMMANDER_ENGLISH.exec(help);
      if (english) problems.push(`${path}: "${english[0]}"`);
      for (const [, placeholder] of help.matchAll(/(?:^|\s)(?:--?[\w-]+ )?[<[]([^\]>]+)[\]>]/gm))
        if (!FORMATS.has(placeholder!) && !VIETNAMESE.test(placeholder!))
          problems.push(`${path}: placeholder <${placeholder}>`);
      for (const option of command.options) {
        const line = command.createHelp().optionDescription(option);
        if ((line.match(/mặc định/g) ?? []).length > 1) problems.push(`${path} ${option.long}: ${line}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it.each([
    [['--help']],
    [['cycle', '--help']],
    [['cycle', 'submit', '--help']],
    [['drill', 'start', '--help']],
  ])('cchc %j prints Vietnamese help and exits 0', async (args) => {
    const r = await runCliInProcess(args);
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
    expect(r.stdout).toMatch(/^Cách dùng: cchc/);
    expect(r.stdout).not.toMatch(COMMANDER_ENGLISH);
  });

  it('drill start says the default step once', async () => {
    const r = await runCliInProcess(['drill', 'start', '--help']);
    expect(r.stdout.replace(/\s+/g, ' ')).toContain('(vd. 30s, 2m) (mặc định: 30s)');
  });

  it('a missing --doc is refused with its Vietnamese placeholder', async () => {
    const r = await runCliInProcess([
      'cycle',
      'submit',
      '--year',
      '2027',
      '--period',
      'Q1',
      '--agency',
      'STP',
    ]);
    expect(r).toEqual({
      code: 1,
      stdout: '',
      stderr: 'Lỗi: --doc: bắt buộc, chưa có (--doc <số văn bản>: số văn bản, vd. 123/BC-STP)\n',
    });
  });
});
