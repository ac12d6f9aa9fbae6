/**
 * Argument parsing for `rnn-gradient-lens analyze`. Pure: argv in, a typed command or a
 * UsageError out, so every rule here is unit-tested without spawning a process.
 */
import { parseArgs } from 'node:util';
import { errorMessage, UsageError } from '../core/errors';
import type { LossAt, Verdict } from '../core/report';
import type { Layout } from '../core/weightFile';
import { DEFAULT_MAX_SIZE_MB } from '../core/limits';
import { DEFAULT_TIMEOUT_SECONDS } from './budget';
import { RECURRENCE_KINDS, isRecurrenceKind, type RecurrenceKind } from '../core/recurrences';

export type FailOn = Exclude<Verdict, 'stable'>;

export const FAIL_ON_VERDICTS: readonly FailOn[] = ['exploding', 'vanishing', 'transient-growth'];

/** Largest horizon accepted (matches the editor setting's maximum). */
export const MAX_HORIZON = 100_000;
export { DEFAULT_MAX_SIZE_MB };
/** Longest --timeout accepted, in seconds (a day). */
export const MAX_TIMEOUT_SECONDS = 86_400;

export interface AnalyzeArgs {
  readonly file: string;
  readonly matrices: readonly string[];
  readonly horizon?: number;
  readonly upstream?: string;
  readonly clipTau?: number;
  readonly forgetBias?: number;
  readonly layout?: Layout;
  readonly json: boolean;
  readonly failOn: readonly FailOn[];
  readonly scale?: number;
  readonly lossAt?: LossAt;
  readonly seed?: number;
  readonly maxSizeMB: number;
  /** Seconds the analysis may run before it gives up (0: no limit). */
  readonly timeoutSeconds: number;
  readonly help: boolean;
  /** Read only this kind of modern recurrence, matching its names loosely. */
  readonly kind?: RecurrenceKind;
  /** Modern recurrences what-if: Δ multiplied by this. */
  readonly deltaScale?: number;
}

const ANALYZE_OPTIONS = {
  matrix: { type: 'string', multiple: true },
  horizon: { type: 'string' },
  upstream: { type: 'string' },
  clip: { type: 'string' },
  'forget-bias': { type: 'string' },
  layout: { type: 'string' },
  json: { type: 'boolean' },
  'fail-on': { type: 'string', multiple: true },
  scale: { type: 'string' },
  'loss-at': { type: 'string' },
  seed: { type: 'string' },
  'max-size': { type: 'string' },
  timeout: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  kind: { type: 'string' },
  'delta-scale': { type: 'string' },
} as const;

/** node:util's messages can run to several sentences; users get the first line. */
function firstLine(message: string): string {
  return (message.split('\n')[0] ?? message).trim();
}

function parseNumber(flag: string, text: string): number {
  // Number('') is 0 and Number(' 1 ') is 1: require something that looks like a number.
  const v = /^\s*$/.test(text) ? NaN : Number(text);
  if (!Number.isFinite(v)) throw new UsageError(`--${flag} expects a finite number, got '${text}'`);
  return v;
}

function parseInteger(flag: string, text: string, min: number, max: number): number {
  const v = parseNumber(flag, text);
  if (!Number.isInteger(v) || v < min || v > max) {
    throw new UsageError(`--${flag} expects an integer from ${min} to ${max}, got '${text}'`);
  }
  return v;
}

function parsePositive(flag: string, text: string): number {
  const v = parseNumber(flag, text);
  if (v <= 0) throw new UsageError(`--${flag} expects a number > 0, got '${text}'`);
  return v;
}

/** --timeout: seconds >= 0 (0 turns the limit off), at most a day. */
function parseTimeout(text: string): number {
  const v = parseNumber('timeout', text);
  if (v < 0 || v > MAX_TIMEOUT_SECONDS) throw new UsageError(`--timeout expects seconds from 0 (no limit) to ${MAX_TIMEOUT_SECONDS}, got '${text}'`);
  return v;
}

function parseLayout(text: string): Layout {
  if (text === 'pytorch' || text === 'keras') return text;
  throw new UsageError(`--layout expects pytorch or keras, got '${text}'`);
}

function parseKind(text: string): RecurrenceKind {
  if (isRecurrenceKind(text)) return text;
  throw new UsageError(`--kind expects one of ${RECURRENCE_KINDS.join(', ')}, got '${text}'`);
}

function parseLossAt(text: string): LossAt {
  if (text === 'every' || text === 'every-step') return 'every-step';
  if (text === 'last' || text === 'last-step') return 'last-step';
  throw new UsageError(`--loss-at expects every or last, got '${text}'`);
}

/** `--fail-on a,b --fail-on c` → [a, b, c], each checked against the verdicts that can fail. */
function parseFailOn(values: readonly string[]): FailOn[] {
  const out: FailOn[] = [];
  for (const part of values.flatMap((v) => v.split(','))) {
    const name = part.trim();
    const verdict = FAIL_ON_VERDICTS.find((x) => x === name);
    if (!verdict) throw new UsageError(`--fail-on expects ${FAIL_ON_VERDICTS.join(', ')} (comma-separated), got '${name}'`);
    if (!out.includes(verdict)) out.push(verdict);
  }
  return out;
}

/**
 * node:util refuses `--forget-bias -1.5` as ambiguous (the value looks like an option). Negative
 * numbers are ordinary values here, so join them to their flag as `--forget-bias=-1.5`.
 */
function joinNegativeValues(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    const next = argv[i + 1];
    const name = a.startsWith('--') ? a.slice(2) : '';
    const opt = (ANALYZE_OPTIONS as Record<string, { type: string }>)[name];
    if (opt?.type === 'string' && next !== undefined && /^-(\d|\.\d)/.test(next)) {
      out.push(`${a}=${next}`);
      i++;
    } else {
      out.push(a);
    }
  }
  return out;
}

type ParsedValues = ReturnType<typeof parseArgs<{ args: string[]; options: typeof ANALYZE_OPTIONS; allowPositionals: true; strict: true }>>['values'];

/** argv → node:util's values and positionals; `extra` adds a subcommand's own flags. */
function parseWith<E extends Record<string, { type: 'boolean' }>>(argv: readonly string[], extra: E): { values: ParsedValues & { [K in keyof E]?: boolean }; positionals: string[] } {
  try {
    const parsed = parseArgs({ args: joinNegativeValues(argv), options: { ...ANALYZE_OPTIONS, ...extra }, allowPositionals: true, strict: true });
    return { values: parsed.values as ParsedValues & { [K in keyof E]?: boolean }, positionals: parsed.positionals };
  } catch (err) {
    throw new UsageError(firstLine(errorMessage(err)));
  }
}

/** The analysis options shared by every subcommand that analyses (all of AnalyzeArgs but `file`). */
function optionsFrom(v: ParsedValues): Omit<AnalyzeArgs, 'file'> {
  return {
    matrices: v.matrix ?? [],
    horizon: v.horizon === undefined ? undefined : parseInteger('horizon', v.horizon, 1, MAX_HORIZON),
    upstream: v.upstream,
    clipTau: v.clip === undefined ? undefined : parsePositive('clip', v.clip),
    forgetBias: v['forget-bias'] === undefined ? undefined : parseNumber('forget-bias', v['forget-bias']),
    layout: v.layout === undefined ? undefined : parseLayout(v.layout),
    json: v.json === true,
    failOn: parseFailOn(v['fail-on'] ?? []),
    scale: v.scale === undefined ? undefined : parseNumber('scale', v.scale),
    lossAt: v['loss-at'] === undefined ? undefined : parseLossAt(v['loss-at']),
    seed: v.seed === undefined ? undefined : parseInteger('seed', v.seed, 0, 2 ** 32 - 1),
    maxSizeMB: v['max-size'] === undefined ? DEFAULT_MAX_SIZE_MB : parsePositive('max-size', v['max-size']),
    timeoutSeconds: v.timeout === undefined ? DEFAULT_TIMEOUT_SECONDS : parseTimeout(v.timeout),
    help: v.help === true,
    ...(v.kind === undefined ? {} : { kind: parseKind(v.kind) }),
    ...(v['delta-scale'] === undefined ? {} : { deltaScale: parsePositive('delta-scale', v['delta-scale']) }),
  };
}

/** Parses the arguments after `analyze`. Throws UsageError with one line for anything wrong. */
export function parseAnalyzeArgs(argv: readonly string[]): AnalyzeArgs {
  const { values, positionals } = parseWith(argv, {});
  const help = values.help === true;
  if (positionals.length > 1) throw new UsageError(`analyze takes one file, got ${positionals.length}: ${positionals.join(' ')}`);
  const file = positionals[0];
  if (file === undefined && !help) throw new UsageError('analyze needs a weights file: rnn-gradient-lens analyze <file>');
  return { file: file ?? '', ...optionsFrom(values) };
}

export interface TrackArgs extends Omit<AnalyzeArgs, 'file'> {
  /** Folders and files as given: a folder stands for the checkpoints in it. */
  readonly paths: readonly string[];
  readonly csv: boolean;
}

/** Parses the arguments after `track`: paths, analyze's options, and --csv (exclusive with --json). */
export function parseTrackArgs(argv: readonly string[]): TrackArgs {
  const { values, positionals } = parseWith(argv, { csv: { type: 'boolean' } });
  const options = optionsFrom(values);
  if (positionals.length === 0 && !options.help) throw new UsageError('track needs a folder or checkpoint files: rnn-gradient-lens track <DIR | FILE...>');
  const csv = values.csv === true;
  if (csv && options.json) throw new UsageError('--json and --csv cannot be combined: choose one');
  return { paths: positionals, csv, ...options };
}
