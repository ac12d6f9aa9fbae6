/**
 * What the charts and cards show for the current controls. The host's report holds the heavy
 * results for scale 1 (eigenvalues, ||W^k||): a scale c multiplies every eigenvalue and singular
 * value by |c| and shifts log10 ||W^k|| by k log10|c|, so nothing heavy is redone here. The
 * trajectories (O(T n^2)) are recomputed with the core's own functions, cached per input, so the
 * panel and the CLI agree to the last digit.
 */
import type { Log10Series, MatrixReport, Verdict } from '../src/core/report';
import type { Matrix } from '../src/core/matrix';
import { defaultUpstream, linearTrajectoryFrom, projectUpstream } from '../src/core/analysis/bptt';
import { boundSeries } from '../src/core/analysis/bound';
import { pytorchLog10Coef } from '../src/core/analysis/clipping';
import { tanhBackward, tanhForward, tanhInputs } from '../src/core/analysis/tanh';
import { gatePathLog10, sigmoid } from '../src/core/analysis/gates';
import { peakOf, verdictOf } from '../src/core/analysis/verdict';
import type { ScaledVec } from '../src/core/analysis/logspace';
import type { LossAt } from '../src/core/report';
import type { PanelControls } from '../src/panelProtocol';
import type { Model } from './state';

export interface GateView {
  readonly gate: string;
  readonly rho: number;
  readonly sigma: number;
  readonly eigenvalues: readonly (readonly [number, number])[];
  readonly powerNorms: Log10Series;
}

export interface Derived {
  readonly T: number;
  /** Factor applied on top of the report (controls' scale over the report's own scale). */
  readonly factor: number;
  /** A gate stack: no single rho or sigma; per-gate numbers in `gates`. */
  readonly stack: boolean;
  readonly gates: readonly GateView[];
  readonly rho: number | null;
  /** False when the eigenvalue iteration did not converge: rho is then an upper bound. */
  readonly converged: boolean;
  readonly sigma: number | null;
  readonly frobenius: number;
  readonly eigenvalues: readonly (readonly [number, number])[];
  readonly singularValues: readonly number[];
  /** k = 0..K with K = min(T, what the report has). */
  readonly powerNorms: Log10Series;
  readonly normPowers: Log10Series;
  readonly rhoPowers: Log10Series;
  readonly peak: { readonly k: number; readonly log10: number | null };
  /** log10 ||W^T|| (null when the report does not reach T yet). */
  readonly growth: number | null;
  readonly verdict: Verdict;
  readonly linear: Log10Series;
  readonly clipped: Log10Series;
  readonly tanh: Log10Series;
  readonly lstm: Log10Series;
  readonly bound: Log10Series;
  /** False when the trajectories come straight from the report (no square matrix to recompute). */
  readonly live: boolean;
  /** The tanh curve (and what depends on it) is still to come: derive again without deferring. */
  readonly pending: boolean;
}

type Trajectories = Pick<Derived, 'linear' | 'clipped' | 'tanh' | 'lstm' | 'bound'>;

const toLog10 = (x: number): number | null => (x === -Infinity ? null : x);

/** Per-step clipping (each g_t capped at tau, PyTorch's rule), as the report's clipped trajectory. */
function clipSeries(s: Log10Series, tau: number): Log10Series {
  return s.map((l) => (l === null ? null : l + pytorchLog10Coef(l, tau)));
}

/** Caches keyed by the inputs each piece depends on, so a tau change costs O(T). */
export class Deriver {
  private source: unknown = null;
  private base: Matrix | null = null;
  private given: readonly Float64Array[] | null = null;
  private cache = new Map<string, unknown>();
  private prefixes = new Map<string, unknown[]>();

  private matrixOf(model: Model): Matrix | null {
    const m = model.matrix;
    if (this.source === m) return this.base;
    this.source = m;
    this.cache.clear();
    this.prefixes.clear();
    this.given = m?.upstream?.map((r) => Float64Array.from(r)) ?? null;
    this.base = m && m.rows === m.cols && model.selected.shape[0] === model.selected.shape[1] ? { rows: m.rows, cols: m.cols, data: Float64Array.from(m.values) } : null;
    return this.base;
  }

  private memo<V>(key: string, f: () => V): V {
    if (this.cache.has(key)) return this.cache.get(key) as V;
    const v = f();
    if (this.cache.size > 24) this.cache.clear();
    this.cache.set(key, v);
    return v;
  }

  derive(model: Model, deferTanh = false): Derived {
    const m = model.selected;
    const c = model.controls;
    const T = c.horizon;
    const stack = m.gates !== undefined && m.gates.length > 0;
    // The scale control is relative to the file's W; the report may already include a scale.
    const f = c.scale / (m.scale || 1);
    const absC = Math.abs(f);
    const logC = Math.log10(absC);
    const rho = m.spectralRadius === null ? null : m.spectralRadius * absC;
    const sigma = m.spectralNorm === null ? null : m.spectralNorm * absC;
    const K = Math.min(T, m.log10PowerNorms.length - 1);
    // A stack's series is a nonlinear LSTM/GRU gain: it waits for the host's rerun at the new scale.
    const shift = (s: Log10Series): Log10Series => s.slice(0, K + 1).map((v, k) => (v === null ? null : stack ? v : v + k * logC));
    const powerNorms = shift(m.log10PowerNorms);
    const line = (x: number | null): Log10Series => powerNorms.map((_, k) => (k === 0 ? 0 : x === null || x === 0 ? null : k * Math.log10(x)));
    const peak = powerNorms.length > 1 ? peakOf(powerNorms, 1) : { k: 0, log10: 0 };
    const reaches = K === T;
    const w = this.matrixOf(model);
    const traj = w ? this.live(w, model, sigma, deferTanh) : { ...this.fromReport(m, c), pending: false };
    const gates = (m.gates ?? []).map((g) => ({
      gate: g.gate,
      rho: g.spectralRadius * absC,
      sigma: g.spectralNorm * absC,
      eigenvalues: g.eigenvalues.map(([re, im]) => [re * f, im * f] as const),
      powerNorms: g.log10PowerNorms.slice(0, K + 1).map((v, k) => (v === null ? null : v + k * logC)),
    }));
    return {
      T,
      factor: f,
      stack,
      rho,
      converged: m.eigenvaluesConverged,
      sigma,
      gates,
      frobenius: m.frobeniusNorm * absC,
      eigenvalues: m.eigenvalues.map(([re, im]) => [re * f, im * f] as const),
      singularValues: m.singularValues.map((s) => s * absC),
      powerNorms,
      normPowers: line(sigma),
      rhoPowers: line(rho),
      peak,
      growth: reaches ? (powerNorms[T] ?? null) : null,
      verdict: reaches && !stack ? verdictOf({ log10PowerNorms: powerNorms, spectralRadius: rho }, model.report.thresholds) : m.verdict,
      ...traj,
      live: w !== null,
    };
  }

  /** Rows 0..T-1 of a prefix-stable sequence, computed once for the longest T seen. */
  private prefix<V>(key: string, T: number, make: (T: number) => V[]): V[] {
    const have = this.prefixes.get(key) as V[] | undefined;
    if (have && have.length >= T) return have.length === T ? have : have.slice(0, T);
    const made = make(T);
    // One forward pass is kept (the current scale's); older ones would only pile up while dragging.
    if (key.startsWith('fwd|')) for (const k of [...this.prefixes.keys()]) if (k.startsWith('fwd|')) this.prefixes.delete(k);
    this.prefixes.set(key, made);
    return made;
  }

  private upstream(n: number, T: number, seed: number): readonly Float64Array[] {
    const given = this.given;
    if (given && given.length >= T) return given.slice(0, T);
    // The default stream is prefix-stable: a longer horizon keeps the earlier vectors.
    return this.prefix(`up|${seed}`, T, (len) => defaultUpstream(seed, len, n));
  }

  /**
   * The trajectories for the controls. With `deferTanh`, a tanh curve not yet computed for these
   * inputs is left out (the caller draws the rest now and asks again in a moment).
   */
  private live(base: Matrix, model: Model, sigma: number | null, deferTanh: boolean): Trajectories & { pending: boolean } {
    const c: PanelControls = model.controls;
    const { horizon: T, scale, lossAt, clipTau, mode, forgetBias } = c;
    const seed = model.selected.trajectory.tanh?.seed ?? 1;
    const n = base.rows;
    const w = this.memo(`w|${scale}`, (): Matrix => (scale === 1 ? base : { rows: n, cols: n, data: base.data.map((x) => x * scale) }));
    const rows = this.upstream(n, T, seed);
    const u = this.memo(`u|${T}|${lossAt}|${seed}`, (): ScaledVec[] => projectUpstream(n, { upstream: rows, lossAt }));
    const linear = this.memo(`lin|${T}|${lossAt}|${scale}`, () => linearTrajectoryFrom(w, u).log10GradNorm);
    const tanhKey = `tanh|${T}|${lossAt}|${scale}`;
    const pending = deferTanh && !this.cache.has(tanhKey);
    const tanh = pending
      ? null
      : this.memo(tanhKey, () => {
          // The forward pass runs from h_0, so it is prefix-stable in T too.
          const inputs = this.prefix(`x|${seed}`, T, (len) => tanhInputs(seed, len, n));
          const logDiag = this.prefix(`fwd|${scale}|${seed}`, T, () => tanhForward(w, inputs));
          return tanhBackward(w, logDiag, u);
        });
    const bound = this.memo(`bound|${T}|${lossAt}|${sigma}`, () =>
      sigma === null ? [] : boundSeries({ log10SpectralNorm: sigma === 0 ? -Infinity : Math.log10(sigma), log10OutputNorm: 0, upstream: rows, lossAt: lossAt as LossAt }),
    );
    const clipBase = mode === 'tanh' ? tanh : linear;
    return {
      linear,
      clipped: clipBase ? clipSeries(clipBase, clipTau) : [],
      tanh: tanh ?? [],
      lstm: gatePathLog10(sigmoid(forgetBias), T),
      bound: bound.map((x) => (x === null ? null : toLog10(x))),
      pending,
    };
  }

  /**
   * Without the matrix (too large to send, or a gate stack) the curves come from the report; what
   * is a function of them alone still follows the controls: per-step clipping at τ and the LSTM
   * cell path for b_f.
   */
  private fromReport(m: MatrixReport, c: PanelControls): Trajectories {
    const tr = m.trajectory;
    const T = Math.min(c.horizon, tr.T);
    const cut = (s: Log10Series | undefined): Log10Series => (s ?? []).slice(0, T);
    const linear = cut(tr.log10GradNorm);
    const tanh = cut(tr.tanh?.log10GradNorm);
    const base = c.mode === 'tanh' && tanh.length > 0 ? tanh : tr.clipping || tr.tanh ? linear : [];
    return {
      linear,
      clipped: clipSeries(base, c.clipTau),
      tanh,
      lstm: gatePathLog10(sigmoid(c.forgetBias), T),
      bound: cut(tr.log10Bound),
    };
  }

}
