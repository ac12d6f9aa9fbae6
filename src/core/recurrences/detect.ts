/**
 * Finds modern recurrent layers by their tensors' names and shapes (names: names.ts). A prefix
 * whose signature tensor is present but whose partners are missing or misshapen is listed as
 * unrecognised with the reason; nothing is guessed.
 */
import { ROLES, matchSuffix, type RoleKey, type RoleName } from './names';
import type { LayerPlan, RecurrenceKind, TensorListing, UnrecognisedLayer } from './types';
import { slstmLayout } from './xlstm';

export interface Detection {
  readonly plans: LayerPlan[];
  readonly unrecognised: UnrecognisedLayer[];
}

type Outcome = LayerPlan | UnrecognisedLayer | undefined;

const numel = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);
const dims = (t: TensorListing): string => `[${t.shape.join('×')}]`;
const loose = (s: string): string => s.toLowerCase().replace(/\./g, '_');

class Lookup {
  private readonly exact = new Map<string, TensorListing>();
  private readonly relaxed = new Map<string, TensorListing>();
  constructor(
    readonly listing: readonly TensorListing[],
    readonly forced: RecurrenceKind | undefined,
  ) {
    for (const t of listing) {
      this.exact.set(t.name, t);
      if (!this.relaxed.has(loose(t.name))) this.relaxed.set(loose(t.name), t);
    }
  }

  get(name: string): TensorListing | undefined {
    return this.exact.get(name);
  }

  /** The tensor `prefix.<suffix>` for one of the role's names, if present. */
  partner(prefix: string, key: RoleKey): TensorListing | undefined {
    const role: RoleName = ROLES[key];
    const names: readonly string[] = this.forced ? [...role.suffixes, ...(role.aliases ?? [])] : role.suffixes;
    for (const s of names) {
      const full = prefix === '' ? s : `${prefix}.${s}`;
      const hit = this.forced ? this.relaxed.get(loose(full)) : this.exact.get(full);
      if (hit) return hit;
    }
    return undefined;
  }
}

const plan = (layer: string, kind: RecurrenceKind, tensors: Record<string, TensorListing>, variant?: string): LayerPlan => ({
  layer,
  kind,
  tensors: Object.fromEntries(Object.entries(tensors).map(([role, t]) => [role, t.name])),
  ...(variant === undefined ? {} : { variant }),
});

const refuse = (layer: string, tensors: readonly TensorListing[], reason: string): UnrecognisedLayer => ({ layer, tensors: tensors.map((t) => t.name), reason });

function mambaFamily(prefix: string, a: TensorListing, at: Lookup): Outcome {
  const dt = at.partner(prefix, 'dt');
  const stored = /ssm_a$/i.test(a.name) ? 'A' : undefined;
  if (!dt) return refuse(prefix, [a], `${a.name} has no step bias beside it (dt_proj.bias, dt_bias or ssm_dt.bias)`);
  const d = numel(dt.shape);
  const n = numel(a.shape);
  if (dt.shape.length === 1 && n === d && a.shape.filter((x) => x !== 1).length <= 1) return plan(prefix, 'mamba2', { A: a, dt }, stored);
  if (dt.shape.length === 1 && a.shape.length === 2 && a.shape[0] === d) return plan(prefix, 'mamba', { A: a, dt }, stored);
  return refuse(prefix, [a, dt], `${a.name} ${dims(a)} and ${dt.name} ${dims(dt)} do not fit: Mamba needs [D, N] with [D], Mamba-2 [H] with [H]`);
}

function s4d(prefix: string, re: TensorListing, at: Lookup): Outcome {
  const dt = at.partner(prefix, 'log_dt');
  const im = at.partner(prefix, 'A_imag');
  if (!dt || !im) return refuse(prefix, [re], `${re.name} needs log_dt and A_imag beside it (S4D)`);
  const [h, m] = re.shape;
  const fits = re.shape.length === 2 && dt.shape.length === 1 && dt.shape[0] === h && im.shape.length === 2 && im.shape[0] === h && im.shape[1] === m;
  return fits ? plan(prefix, 's4d', { log_A_real: re, log_dt: dt, A_imag: im }) : refuse(prefix, [re, dt, im], `S4D needs log_dt [H], log_A_real and A_imag [H, N/2]; found ${dims(dt)}, ${dims(re)}, ${dims(im)}`);
}

function lru(prefix: string, nu: TensorListing, at: Lookup): Outcome {
  const theta = at.partner(prefix, 'theta_log');
  if (!theta) return refuse(prefix, [nu], `${nu.name} has no theta_log beside it (LRU)`);
  return numel(nu.shape) === numel(theta.shape) && nu.shape.length >= 1
    ? plan(prefix, 'lru', { nu_log: nu, theta_log: theta })
    : refuse(prefix, [nu, theta], `LRU needs nu_log and theta_log of one length; found ${dims(nu)} and ${dims(theta)}`);
}

function rwkv(prefix: string, td: TensorListing): Outcome {
  const s = td.shape;
  const version = s.length === 3 && s[0] === 1 && s[1] === 1 ? 'v6' : s.length === 2 && s[0] !== 1 ? 'v5' : 'v4';
  return plan(prefix, 'rwkv', { time_decay: td }, version);
}

function rwkv7(prefix: string, w0: TensorListing, at: Lookup): Outcome {
  // A bare `w0` is a common name: only beside RWKV-7's other time-mix tensors, or when asked for.
  if (at.forced !== 'rwkv7' && !/time_mix_w0/.test(w0.name) && !at.partner(prefix, 'w0Sibling')) return undefined;
  return plan(prefix, 'rwkv7', { w0 });
}

function slstm(prefix: string, kernel: TensorListing, at: Lookup): Outcome {
  const bias = at.partner(prefix, 'bias');
  const layout = slstmLayout(kernel.shape);
  if (!layout) return refuse(prefix, [kernel], `${kernel.name} ${dims(kernel)} is not an sLSTM kernel ([NH, DH, 4·DH], [NH, 4·DH, DH] or [NH, DH, 4, DH])`);
  if (!bias) return refuse(prefix, [kernel], `${kernel.name} has no _bias_ beside it (sLSTM)`);
  if (numel(bias.shape) !== layout.heads * 4 * layout.dh) {
    return refuse(prefix, [kernel, bias], `${bias.name} ${dims(bias)} should hold ${layout.heads * 4 * layout.dh} values (NH·4·DH)`);
  }
  return plan(prefix, 'xlstm', { kernel, bias }, layout.layout);
}

function mlstm(prefix: string, fgate: TensorListing, at: Lookup): Outcome {
  if (at.forced !== 'xlstm' && !/mlstm/i.test(prefix) && !at.partner(prefix, 'igate')) return undefined;
  return fgate.shape.length === 1 ? plan(prefix, 'xlstm', { forget_bias: fgate }, 'mlstm') : refuse(prefix, [fgate], `${fgate.name} ${dims(fgate)} should be [NH] (mLSTM forget gate)`);
}

interface Detector {
  readonly kinds: readonly RecurrenceKind[];
  readonly signature: RoleKey;
  readonly run: (prefix: string, t: TensorListing, at: Lookup) => Outcome;
}

const DETECTORS: readonly Detector[] = [
  { kinds: ['mamba', 'mamba2'], signature: 'A', run: mambaFamily },
  { kinds: ['s4d'], signature: 'log_A_real', run: s4d },
  { kinds: ['lru'], signature: 'nu_log', run: lru },
  { kinds: ['rwkv'], signature: 'time_decay', run: rwkv },
  { kinds: ['rwkv7'], signature: 'w0', run: rwkv7 },
  { kinds: ['xlstm'], signature: 'kernel', run: slstm },
  { kinds: ['xlstm'], signature: 'fgate', run: mlstm },
];

/** Layers of the known kinds (only `forced` when given), in file order, and what was not recognised. */
export function detectRecurrences(listing: readonly TensorListing[], forced?: RecurrenceKind): Detection {
  const at = new Lookup(listing, forced);
  const plans: LayerPlan[] = [];
  const unrecognised: UnrecognisedLayer[] = [];
  const claimed = new Set<string>();
  for (const t of listing) {
    for (const d of DETECTORS) {
      if (forced !== undefined && !d.kinds.includes(forced)) continue;
      const m = matchSuffix(t.name, ROLES[d.signature], forced !== undefined);
      if (!m || claimed.has(`${d.signature}:${m.prefix}`)) continue;
      const out = d.run(m.prefix, t, at);
      if (out === undefined) continue;
      claimed.add(`${d.signature}:${m.prefix}`);
      const refused = 'reason' in out ? out : unreadable(out, at);
      if (refused) unrecognised.push(refused);
      else plans.push(out as LayerPlan);
      break;
    }
  }
  return { plans, unrecognised };
}

/** A plan that needs a tensor whose values cannot be read becomes an unrecognised layer saying where. */
function unreadable(p: LayerPlan, at: Lookup): UnrecognisedLayer | undefined {
  for (const name of Object.values(p.tensors)) {
    const t = at.get(name);
    if (t?.unreadable) {
      return { layer: p.layer, tensors: Object.values(p.tensors), reason: `${name} (${t.dtype}) at byte ${t.unreadable.offset}: ${t.unreadable.reason}`, offset: t.unreadable.offset };
    }
  }
  return undefined;
}
