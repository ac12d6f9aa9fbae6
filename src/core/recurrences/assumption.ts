/** What each kind's λ assumes about the input, in words (the panel translates by kind and variant). */
import type { RecurrentLayerData } from './types';

export function assumptionOf(l: RecurrentLayerData): string {
  switch (l.kind) {
    case 'mamba':
      return l.variant === 'A'
        ? 'Δ is the step at zero input, softplus(ssm_dt.bias); A is read as stored (llama.cpp keeps A = −exp(A_log)). The input moves Δ, and so λ = exp(ΔA), at every step: see the Δ-scale what-if.'
        : 'Δ is the step at zero input, softplus(dt_proj.bias); A = −exp(A_log). The input moves Δ, and so λ = exp(ΔA), at every step: see the Δ-scale what-if.';
    case 'mamba2':
      return 'Δ is the step at zero input, softplus(dt_bias), one λ per head; A = −exp(A_log). The input moves Δ at every step: see the Δ-scale what-if.';
    case 's4d':
      return 'Δ = exp(log_dt) is learned and does not depend on the input, so λ = exp(Δ(−exp(log_A_real) + i·A_imag)) is exact; each stored λ stands for a conjugate pair.';
    case 'lru':
      return 'λ = exp(−exp(nu_log) + i·exp(theta_log)) is learned and does not depend on the input.';
    case 'rwkv':
      return l.variant === 'v6'
        ? 'The decay at zero input, exp(−exp(time_decay)): the data-dependent term (time_decay_w1, w2) is 0 there.'
        : 'The decay exp(−exp(time_decay)) is learned per channel and does not depend on the input.';
    case 'rwkv7':
      return 'The decay at zero input: the LoRA term tanh(x·w1)·w2 is 0, so λ = exp(−e^(−1/2)·sigmoid(w0)).';
    case 'xlstm':
      return l.variant === 'mlstm'
        ? 'The forget gate at zero input, sigmoid(fgate.bias), one per head; the input moves it at every step.'
        : 'The forget gate at zero input and zero state, sigmoid(b_f), per unit; each head’s dense recurrent blocks are analysed as matrices.';
  }
}
