/**
 * The public tensor names of each kind (reference code in docs/analysis.md), as suffixes after a
 * layer prefix. With a forced kind (`--kind`), names match case-insensitively with `.` and `_`
 * interchangeable, and a few aliases are accepted.
 */
export interface RoleName {
  readonly role: string;
  readonly suffixes: readonly string[];
  /** Accepted only when the user names the kind. */
  readonly aliases?: readonly string[];
}

/** Each role's public suffixes (sources: docs/analysis.md). */
export const ROLES = {
  // mamba_simple.py A_log [d_inner, d_state]; mamba2_simple.py A_log [nheads]; llama.cpp ssm_a (= A).
  A: { role: 'A', suffixes: ['A_log', 'ssm_a'], aliases: ['a_log', 'log_a'] },
  // mamba_simple.py dt_proj.bias; mamba2_simple.py dt_bias; llama.cpp ssm_dt.bias.
  dt: { role: 'dt', suffixes: ['dt_proj.bias', 'dt_bias', 'ssm_dt.bias'], aliases: ['dt.bias', 'delta_bias', 'dt_proj_bias'] },
  // s4d.py: log_dt [H], log_A_real [H, N/2], A_imag [H, N/2].
  log_A_real: { role: 'log_A_real', suffixes: ['log_A_real'], aliases: ['A_real_log', 'log_a_re'] },
  log_dt: { role: 'log_dt', suffixes: ['log_dt'], aliases: ['dt_log', 'log_step'] },
  A_imag: { role: 'A_imag', suffixes: ['A_imag'], aliases: ['a_im', 'imag_a'] },
  // LRU (Orvieto et al. 2023): nu_log, theta_log [N].
  nu_log: { role: 'nu_log', suffixes: ['nu_log'], aliases: ['log_nu'] },
  theta_log: { role: 'theta_log', suffixes: ['theta_log'], aliases: ['log_theta'] },
  // modeling_rwkv.py and RWKV-LM v4-v6: time_decay; llama.cpp: time_mix_decay.
  time_decay: { role: 'time_decay', suffixes: ['time_decay', 'time_mix_decay', 'time_mix_decay.weight'], aliases: ['decay'] },
  // RWKV-LM v7: w0 (beside w1, w2, a0, ...); llama.cpp: time_mix_w0.
  w0: { role: 'w0', suffixes: ['w0', 'time_mix_w0', 'time_mix_w0.weight'] },
  w0Sibling: { role: 'w0Sibling', suffixes: ['w1', 'a0', 'time_mix_w1', 'time_mix_w1.weight'] },
  // NX-AI/xlstm sLSTM: _recurrent_kernel_, _bias_; mLSTM: fgate.bias [NH] beside igate.bias.
  kernel: { role: 'kernel', suffixes: ['_recurrent_kernel_'], aliases: ['recurrent_kernel'] },
  bias: { role: 'bias', suffixes: ['_bias_'], aliases: ['bias'] },
  fgate: { role: 'forget_bias', suffixes: ['fgate.bias'], aliases: ['forget_gate.bias', 'f_gate.bias'] },
  igate: { role: 'igate', suffixes: ['igate.bias'], aliases: ['input_gate.bias', 'i_gate.bias'] },
} satisfies Record<string, RoleName>;

export type RoleKey = keyof typeof ROLES;

const loose = (s: string): string => s.toLowerCase().replace(/\./g, '_');

/**
 * Splits `name` into a layer prefix and the suffix it ends with ('' prefix for a bare name), or
 * undefined. `forced` also tries the aliases, case- and separator-insensitively.
 */
export function matchSuffix(name: string, role: RoleName, forced: boolean): { prefix: string; suffix: string } | undefined {
  const all = forced ? [...role.suffixes, ...(role.aliases ?? [])] : role.suffixes;
  const subject = forced ? loose(name) : name;
  // Longest first, so `time_mix_decay.weight` wins over a shorter suffix of it.
  for (const suffix of [...all].sort((a, b) => b.length - a.length)) {
    const s = forced ? loose(suffix) : suffix;
    if (subject === s) return { prefix: '', suffix };
    const sep = forced ? '_' : '.';
    if (subject.endsWith(sep + s)) return { prefix: name.slice(0, name.length - s.length - 1), suffix };
  }
  return undefined;
}
