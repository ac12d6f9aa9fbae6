/** What a tensor's name says about it. Names are matched on their last path segment (`.` or `/`). */

/** `weight_hh`, `weight_hh_l0`, `weight_hh_l1_reverse`: PyTorch nn.RNN/LSTM/GRU recurrent weights. */
const TORCH_HH = /(?:^|[./])weight_hh(?:_l(\d+))?(_reverse)?$/;
/** Keras/TF `recurrent_kernel`, often with a `:0` variable suffix. */
const KERAS_RK = /(?:^|[./])recurrent_kernel(?::\d+)?$/;
/** Hand-named recurrent matrices: d2l's `W_hh`, `Whh`, `W_rec`, `U` (Elman's notation). */
const HAND_HH = /(?:^|[./])(?:w_?hh|w_rec|recurrent(?:_weight)?)$/i;
const ELMAN_U = /(?:^|[./])U$/;

export const isTorchRecurrent = (name: string): boolean => TORCH_HH.test(name);
export const isKerasRecurrent = (name: string): boolean => KERAS_RK.test(name);
export const isHandRecurrent = (name: string): boolean => HAND_HH.test(name) || ELMAN_U.test(name);

/** A name that says "this is W_hh" (any convention), or no name at all (a bare array). */
export function mayBeRecurrent(name: string): boolean {
  return name === '' || isTorchRecurrent(name) || isKerasRecurrent(name) || isHandRecurrent(name);
}

/**
 * Ranks candidates: framework recurrent names first, then hand names, then bare arrays, then
 * anything else; within a model, layer 0 before layer 1 and forward before `_reverse`.
 */
export function nameScore(name: string): number {
  const torch = TORCH_HH.exec(name);
  if (torch) return 100 - 2 * Math.min(Number(torch[1] ?? 0), 40) - (torch[2] ? 1 : 0);
  if (KERAS_RK.test(name)) return 100;
  if (HAND_HH.test(name)) return 90;
  if (ELMAN_U.test(name)) return 70;
  if (/(?:^|[./])W$/.test(name)) return 40;
  if (name === '') return 50;
  return 10;
}

/** Whether the name (or its module path) says LSTM or GRU, used to confirm a stack's kind. */
export function nameHint(name: string): 'lstm' | 'gru' | undefined {
  if (/lstm/i.test(name)) return 'lstm';
  if (/gru/i.test(name)) return 'gru';
  return undefined;
}

/** Names of the biases that belong to a recurrent weight, by the framework's own naming. */
export function biasNames(name: string): { hh?: string; ih?: string; keras?: string } {
  const torch = /^(.*)weight_hh((?:_l\d+)?(?:_reverse)?)$/.exec(name);
  if (torch) return { hh: `${torch[1]}bias_hh${torch[2]}`, ih: `${torch[1]}bias_ih${torch[2]}` };
  const keras = /^(.*)recurrent_kernel((?::\d+)?)$/.exec(name);
  if (keras) return { keras: `${keras[1]}bias${keras[2]}` };
  return {};
}
