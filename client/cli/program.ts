import { Command, Help, type Argument, type HelpContext, type Option } from 'commander';

// Commander speaks English and has no translation hook (its localisation pull request was closed),
// so the `cchc` command says its own refusals: each method below replaces the commander method of
// the same name, which commander calls with the option or argument concerned. Every refusal is one
// line naming the flag; a misspelt command exits 2, every other refusal 1.

/** Longest value any flag or argument may carry (PATH_MAX): anything longer is refused before parsing. */
export const MAX_ARG_LENGTH = 4096;

const TITLES: Record<string, string> = {
  'Usage:': 'Cách dùng:',
  'Arguments:': 'Tham số:',
  'Options:': 'Tùy chọn:',
  'Global Options:': 'Tùy chọn chung:',
  'Commands:': 'Lệnh:',
};

/** Commander's placeholders in a usage line, in Vietnamese. */
const usageVi = (usage: string) =>
  usage
    .split(' ')
    .map((word) => (word === '[options]' ? '[tùy chọn]' : word === '[command]' ? '[lệnh]' : word))
    .join(' ');

class VietnameseHelp extends Help {
  override styleTitle(title: string): string {
    return TITLES[title] ?? title;
  }

  override commandUsage(cmd: Command): string {
    return usageVi(super.commandUsage(cmd));
  }

  override subcommandTerm(cmd: Command): string {
    return usageVi(super.subcommandTerm(cmd));
  }

  override optionDescription(option: Option): string {
    const extra: string[] = [];
    if (option.argChoices) extra.push(`một trong: ${option.argChoices.join(', ')}`);
    if (option.defaultValue !== undefined && (option.required || option.optional))
      extra.push(`mặc định: ${option.defaultValueDescription ?? String(option.defaultValue)}`);
    if (option.envVar) extra.push(`biến môi trường: ${option.envVar}`);
    return [option.description, extra.length > 0 ? `(${extra.join('; ')})` : ''].filter(Boolean).join(' ');
  }

  override argumentDescription(argument: Argument): string {
    const extra = argument.defaultValue !== undefined ? ` (mặc định: ${String(argument.defaultValue)})` : '';
    return `${argument.description}${extra}`;
  }
}

/** Optimal string alignment distance (adjacent swaps count one): enough to catch `--yeer`, `calender`. */
function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
    }
  return d[a.length]![b.length]!;
}

/** The candidate closest to `word` when it is close enough to be a typo of it. */
export function closest(word: string, candidates: string[]): string | undefined {
  let best: { candidate: string; distance: number } | undefined;
  for (const candidate of candidates) {
    const distance = editDistance(word, candidate);
    if (distance <= Math.max(1, Math.floor(candidate.length / 3)) && (!best || distance < best.distance))
      best = { candidate, distance };
  }
  return best?.candidate;
}

/** The parser of a flag that may be given several times, each value added to a list (`--into A --into B`). */
export const collectValues = (value: string, previous: string[] = []): string[] => [...previous, value];

/** A `cchc` command (and, through createCommand, each of its subcommands). */
export class CchcCommand extends Command {
  override createCommand(name?: string): CchcCommand {
    return new CchcCommand(name);
  }

  override createHelp(): Help {
    return Object.assign(new VietnameseHelp(), this.configureHelp());
  }

  /** `cchc calendar show`. */
  get path(): string {
    const names = [this.name()];
    for (let cmd = this.parent; cmd; cmd = cmd.parent) names.unshift(cmd.name());
    return names.join(' ');
  }

  private get seeHelp(): string {
    return `(xem "${this.path} --help")`;
  }

  private fail(message: string, exitCode = 1, code = 'commander.error'): never {
    this.error(message, { exitCode, code });
  }

  /** Long flags this command accepts, its ancestors' included. */
  private knownFlags(): Option[] {
    const flags = this.createHelp().visibleOptions(this);
    for (let cmd = this.parent; cmd; cmd = cmd.parent) flags.push(...cmd.createHelp().visibleOptions(cmd));
    return flags;
  }

  /** The first flag left unparsed on the command line: an option this command does not have. */
  private firstUnknownFlag(): string | undefined {
    return this.args.find((arg) => arg.length > 1 && arg.startsWith('-') && !/^-\d/.test(arg));
  }

  /** Each flag once: a second `--date`, or `--no-findings` after `--findings`, is refused, not silently preferred. */
  private readonly given = new Map<string, Option>();

  override addOption(option: Option): this {
    super.addOption(option);
    this.on(`option:${option.name()}`, () => {
      const earlier = this.given.get(option.attributeName());
      if (earlier === option && option.isBoolean()) return; // `--json --json` says the same twice
      if (earlier === option && option.parseArg === collectValues) return; // a list, one value per flag
      if (earlier === option) this.fail(`${option.long}: chỉ được cho một lần`);
      if (earlier) this.fail(`${option.long}: không dùng cùng ${earlier.long}`);
      this.given.set(option.attributeName(), option);
    });
    return this;
  }

  missingMandatoryOptionValue(option: Option): never {
    // `--yeer 2022` is a typo of --year: say that, rather than that --year is missing.
    const unknown = this.firstUnknownFlag();
    if (unknown) this.unknownOption(unknown);
    const stray = this.registeredArguments.length === 0 ? this.args[0] : undefined;
    this.fail(
      `${option.long}: bắt buộc, chưa có (${option.flags}: ${option.description})` +
        (stray !== undefined
          ? `; giá trị "${stray}" cần đi sau tên tùy chọn, vd. ${option.long} ${stray}`
          : ''),
    );
  }

  optionMissingArgument(option: Option): never {
    this.fail(`${option.long}: thiếu giá trị (${option.flags}: ${option.description})`);
  }

  unknownOption(flag: string): never {
    const [name, value] = flag.split(/=(.*)/s, 2) as [string, string | undefined];
    const options = this.knownFlags();
    const same = options.find((o) => o.long === name);
    if (same && value !== undefined)
      this.fail(`${name}: không nhận giá trị (dùng ${name}, bỏ "=${value}")`, 1, 'commander.unknownOption');
    const suggestion = name.startsWith('--')
      ? closest(
          name,
          options.flatMap((o) => (o.long ? [o.long] : [])),
        )
      : undefined;
    this.fail(
      `${name}: "${this.path}" không có tùy chọn này` +
        (suggestion ? `; có phải ý bạn là ${suggestion}?` : '') +
        ` ${this.seeHelp}`,
      1,
      'commander.unknownOption',
    );
  }

  missingArgument(name: string): never {
    this.fail(`<${name}>: "${this.path}" cần tham số này ${this.seeHelp}`, 1, 'commander.missingArgument');
  }

  _excessArguments(received: string[]): never {
    const expected = this.registeredArguments.length;
    const valued = this.options.find((o) => o.required || o.optional);
    const hint =
      expected > 0
        ? `"${this.path}" nhận ${expected} tham số`
        : `"${this.path}" không nhận tham số nào` +
          (valued ? `: giá trị nào cũng đi sau tên tùy chọn của nó, vd. ${valued.flags}` : '');
    this.fail(
      `"${received[expected]!}": thừa tham số; ${hint} ${this.seeHelp}`,
      1,
      'commander.excessArguments',
    );
  }

  unknownCommand(): never {
    const name = this.args[0]!;
    this.unknownCommandNamed(name);
  }

  private unknownCommandNamed(name: string): never {
    const commands = this.createHelp()
      .visibleCommands(this)
      .map((c) => c.name());
    const suggestion = closest(name, commands);
    this.fail(
      `"${name}": "${this.path}" không có lệnh này` +
        (suggestion
          ? `; có phải ý bạn là "${this.path} ${suggestion}"?`
          : `; các lệnh: ${commands.join(', ')}`) +
        ` ${this.seeHelp}`,
      2,
      'commander.unknownCommand',
    );
  }

  _conflictingOption(option: Option, conflicting: Option): never {
    this.fail(`${option.long}: không dùng cùng ${conflicting.long}`, 1, 'commander.conflictingOption');
  }

  /** Commander shows the whole help on stderr for a missing subcommand: one line says what is missing. */
  override help(context?: HelpContext | ((text: string) => string)): never {
    if (typeof context === 'function') return super.help(context);
    if (!context?.error) return super.help(context);
    const helpCommand = this.args[0] === 'help' ? this.args[1] : undefined;
    if (helpCommand) this.unknownCommandNamed(helpCommand);
    const commands = this.commands.map((c) => c.name());
    this.fail(
      `"${this.path}" cần một lệnh: ${commands.join(', ')} ${this.seeHelp}`,
      1,
      'commander.missingCommand',
    );
  }
}

/** Values longer than MAX_ARG_LENGTH, refused before any command runs (one line naming the flag). */
export function oversizedValue(command: Command): string | undefined {
  for (const option of command.options) {
    const value: unknown = command.getOptionValue(option.attributeName());
    if (typeof value === 'string' && value.length > MAX_ARG_LENGTH)
      return `${option.long}: dài quá ${MAX_ARG_LENGTH} ký tự (nhận ${value.length})`;
  }
  const arg = command.args.find((a) => a.length > MAX_ARG_LENGTH);
  return arg ? `tham số dài quá ${MAX_ARG_LENGTH} ký tự (nhận ${arg.length})` : undefined;
}

/** The `cchc` program: Vietnamese help and refusals, and an exception (not an exit) for each refusal. */
export function createProgram(): CchcCommand {
  const program = new CchcCommand('cchc');
  program
    .helpOption('-h, --help', 'xem hướng dẫn của lệnh')
    .helpCommand('help [lệnh]', 'xem hướng dẫn của một lệnh')
    .configureOutput({ outputError: (message, write) => write(`Lỗi: ${message}`) })
    .exitOverride();
  program.hook('preAction', (_program, action) => {
    const problem = oversizedValue(action);
    if (problem) (action as CchcCommand).error(problem, { exitCode: 1, code: 'cchc.oversized' });
  });
  return program;
}
