import { GraphBuilder } from '../graph-builder';
import { batched, nchw, weightInputs, type Described } from './describe';
import { depthwiseKernelGradient, kernelGradient } from './kernel-gradient';
import { bnTerms, inputGradient } from './layer-terms';

/**
 * Reverse-mode through the layers, last to first: ReLU masks from saved outputs, max-pool
 * gradients routed to the cells that held each window's maximum, BatchNorm's scale applied
 * backwards, padding cropped off, a residual Add's gradient passed to both branches (and summed
 * where they meet), weight gradients per kernel tap, input gradients as a transposed convolution.
 * The input's gradient is not needed (the layers before are frozen).
 */
export function backwardGraph({ placed, shapes }: Described): Uint8Array {
  const g = new GraphBuilder();
  const last = shapes.length - 1;
  const inputs = [...weightInputs(placed), ...shapes.map((shape, i) => batched(`saved_${i}`, nchw(shape))), batched('output_grad', shapes[last]!)];
  // dLoss/dValue as the parts from each layer that reads the value, summed where there are several
  // (the residual links). Value 0 is the frozen layers' output: nothing needs its gradient.
  const parts: string[][] = shapes.map(() => []);
  parts[last]!.push(g.node('Transpose', ['output_grad'], 'grad_out', { perm: [0, 3, 1, 2] }));
  const pass = (value: number, grad: () => string) => value > 0 && parts[value]!.push(grad());
  const gradients = new Map<string, string>();
  const channelSum = (t: string, hint: string) => g.node('ReduceSum', [t, g.int64s(`${hint}_axes`, [0, 2, 3])], hint, { keepdims: 0 });
  const mask = (t: string, hint: string) => g.node('Cast', [t], hint, { to: 1 });
  for (const { layer, inputs: reads, output: written } of [...placed].reverse()) {
    const own = parts[written]!;
    const grad = own.length === 1 ? own[0]! : g.node('Sum', own, `${layer.name}_grad_out`);
    const [read] = reads as [number];
    const input = `saved_${read}`;
    const output = `saved_${written}`;
    switch (layer.kind) {
      case 'pool': {
        const [h, w, c] = layer.inShape;
        const up = (t: string, hint: string) => upsample(g, t, layer.pool, [c, h, w], hint);
        pass(read, () => {
          const isMax = mask(g.node('Equal', [input, up(output, `${layer.name}_max_up`)], `${layer.name}_is_max`), `${layer.name}_mask`);
          return g.node('Mul', [up(grad, `${layer.name}_grad_up`), isMax], `${layer.name}_grad_in`);
        });
        break;
      }
      case 'relu':
        pass(read, () => {
          // Where the output is strictly inside (0, max): TensorFlow's ReLU and ReLU6 gradients.
          let active = g.node('Greater', [output, g.floats(`${layer.name}_zero`, [], [0])], `${layer.name}_above_zero`);
          if (layer.max !== null) active = g.node('And', [active, g.node('Less', [output, g.floats(`${layer.name}_cap`, [], [layer.max])], `${layer.name}_below_cap`)], `${layer.name}_active`);
          return g.node('Mul', [grad, mask(active, `${layer.name}_mask`)], `${layer.name}_grad_in`);
        });
        break;
      case 'bn': {
        const { mean, invStd, scale } = bnTerms(g, layer);
        const normalised = g.node('Mul', [g.node('Sub', [input, mean], `${layer.name}_centered`), invStd], `${layer.name}_normalised`);
        gradients.set(`${layer.name}_gamma`, channelSum(g.node('Mul', [grad, normalised], `${layer.name}_grad_x_norm`), `${layer.name}_gamma_grad`));
        gradients.set(`${layer.name}_beta`, channelSum(grad, `${layer.name}_beta_grad`));
        pass(read, () => g.node('Mul', [grad, scale], `${layer.name}_grad_in`));
        break;
      }
      case 'pad': {
        const [h, w] = layer.inShape;
        const [top, left] = layer.pads;
        pass(read, () => g.node('Slice', [grad, g.int64s(`${layer.name}_starts`, [top, left]), g.int64s(`${layer.name}_ends`, [top + h, left + w]), g.int64s(`${layer.name}_axes`, [2, 3])], `${layer.name}_grad_in`));
        break;
      }
      case 'add':
        for (const r of reads) pass(r, () => grad);
        break;
      case 'identity':
        pass(read, () => grad);
        break;
      case 'multiply': {
        const [x, scale] = reads as [number, number];
        pass(x, () => g.node('Mul', [grad, `saved_${scale}`], `${layer.name}_grad_x`));
        // The [1, 1, C] factor broadcast over the map: its gradient sums over height and width.
        const broadcast = layer.inShape[0] !== 1 || layer.inShape[1] !== 1;
        pass(scale, () => {
          const product = g.node('Mul', [grad, `saved_${x}`], `${layer.name}_grad_times_x`);
          return broadcast ? g.node('ReduceSum', [product, g.int64s(`${layer.name}_hw`, [2, 3])], `${layer.name}_grad_scale`, { keepdims: 1 }) : product;
        });
        break;
      }
      case 'gate':
        pass(read, () => {
          if (layer.fn === 'sigmoid') {
            // d sigmoid = y (1 - y), from the saved output.
            const slope = g.node('Mul', [output, g.node('Sub', [g.floats(`${layer.name}_one`, [], [1]), output], `${layer.name}_1_minus_y`)], `${layer.name}_slope`);
            return g.node('Mul', [grad, slope], `${layer.name}_grad_in`);
          }
          // d swish = s (1 + x (1 - s)), s = sigmoid(x), from the saved input.
          const s = g.node('Sigmoid', [input], `${layer.name}_s`);
          const oneMinusS = g.node('Sub', [g.floats(`${layer.name}_one`, [], [1]), s], `${layer.name}_1_minus_s`);
          const inner = g.node('Add', [g.floats(`${layer.name}_one_again`, [], [1]), g.node('Mul', [input, oneMinusS], `${layer.name}_x_1_minus_s`)], `${layer.name}_inner`);
          return g.node('Mul', [grad, g.node('Mul', [s, inner], `${layer.name}_slope`)], `${layer.name}_grad_in`);
        });
        break;
      case 'squeeze': {
        // Each cell contributed 1 / (H W) of the mean: spread the gradient back evenly.
        const [h, w] = layer.inShape;
        pass(read, () => {
          const share = g.node('Div', [grad, g.floats(`${layer.name}_cells`, [], [h * w])], `${layer.name}_share`);
          return g.node('Expand', [share, g.node('Shape', [input], `${layer.name}_in_shape`)], `${layer.name}_grad_in`);
        });
        break;
      }
      case 'conv':
      case 'depthwise': {
        const gz = layer.relu
          ? g.node('Mul', [grad, mask(g.node('Greater', [output, g.floats(`${layer.name}_zero`, [], [0])], `${layer.name}_active`), `${layer.name}_relu_mask`)], `${layer.name}_grad_z`)
          : grad;
        gradients.set(layer.params[0]!.feed, layer.kind === 'conv' ? kernelGradient(g, layer, input, gz) : depthwiseKernelGradient(g, layer, input, gz));
        if (layer.hasBias) gradients.set(`${layer.name}_bias`, channelSum(gz, `${layer.name}_bias_grad`));
        pass(read, () => inputGradient(g, layer, gz));
        break;
      }
    }
  }
  const outputs = placed.flatMap(({ layer }) => layer.params.map((p) => ({ name: gradients.get(p.feed)!, dims: p.variable.shape, batch: false as const })));
  return g.encodeGraph(inputs, outputs);
}

/** [N, C, H/p, W/p] → [N, C, H, W], each cell repeated over its p×p window. */
function upsample(g: GraphBuilder, t: string, p: number, [c, h, w]: number[], hint: string): string {
  const n = g.node('Shape', [t], `${hint}_shape`, { start: 0, end: 1 });
  const six = g.node('Concat', [n, g.int64s(`${hint}_dims`, [c!, h! / p, 1, w! / p, 1])], `${hint}_6d`, { axis: 0 });
  const tiled = g.node('Concat', [n, g.int64s(`${hint}_tile`, [c!, h! / p, p, w! / p, p])], `${hint}_tiled_dims`, { axis: 0 });
  const expanded = g.node('Expand', [g.node('Reshape', [t, six], `${hint}_r`), tiled], `${hint}_e`);
  const back = g.node('Concat', [n, g.int64s(`${hint}_out`, [c!, h!, w!])], `${hint}_out_dims`, { axis: 0 });
  return g.node('Reshape', [expanded, back], hint);
}

