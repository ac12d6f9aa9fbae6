/** CLI entry: parses argv and returns the exit code (0 done, 1 --fail-on matched, 2 bad input/usage). */
export async function run(argv: readonly string[]): Promise<number> {
  if (argv[0] === '--version') {
    process.stdout.write('rnn-gradient-lens 0.1.0\n');
    return 0;
  }
  process.stderr.write('usage: rnn-gradient-lens analyze <file> [options]\n');
  return 2;
}
