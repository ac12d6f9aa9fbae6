/** CLI entry: dispatches a subcommand and returns the exit code (0 done, 1 --fail-on matched, 2 bad input/usage, 4 gave up at --timeout; track: 3 some files skipped). */
import { version } from '../../package.json';
import { errorMessage, UsageError, WeightFileError } from '../core/errors';
import { LocatedError } from './analyze';
import { COMMANDS } from './commands';
import { processIO, type CliIO } from './io';

export const VERSION: string = version;

function mainHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'usage: rnn-gradient-lens <command> [options]',
    '',
    'Will gradients vanish or explode through this recurrent weight matrix?',
    '',
    'commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'options:',
    '  --help, -h     this help; `rnn-gradient-lens <command> --help` for a command',
    '  --version, -v  print the version',
    '',
    'example: rnn-gradient-lens analyze examples/exploding.json --horizon 100',
    '',
  ].join('\n');
}

/** One line, whatever the error carried: users never see a stack or a multi-line dump. */
function oneLine(text: string): string {
  return (text.split('\n')[0] ?? '').trim();
}

export async function run(argv: readonly string[], io: CliIO = processIO): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
    (first === undefined ? io.stderr : io.stdout)(mainHelp());
    return first === undefined ? 2 : 0;
  }
  if (first === '--version' || first === '-v') {
    io.stdout(`rnn-gradient-lens ${VERSION}\n`);
    return 0;
  }
  const command = COMMANDS.find((c) => c.name === first);
  if (!command) {
    io.stderr(`rnn-gradient-lens: unknown command '${first}' (commands: ${COMMANDS.map((c) => c.name).join(', ')}; see --help)\n`);
    return 2;
  }
  try {
    return await command.run(rest, io);
  } catch (err) {
    if (err instanceof LocatedError) io.stderr(`${oneLine(err.line)}\n`);
    else if (err instanceof UsageError) io.stderr(`rnn-gradient-lens ${command.name}: ${oneLine(err.message)} (see --help)\n`);
    else if (err instanceof WeightFileError) io.stderr(`${oneLine(err.format('input'))}\n`);
    else io.stderr(`rnn-gradient-lens: error: ${oneLine(errorMessage(err))}\n`);
    return 2;
  }
}
