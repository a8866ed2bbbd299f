import type { GraphBuilder } from '../graph-builder';
import type { ConvLayer } from './describe';

/** The layer input zero-padded so that every window of the forward pass lies inside it. */
function paddedInput(g: GraphBuilder, layer: ConvLayer, input: string): string {
  const [top, left, bottom, right] = layer.pads as [number, number, number, number];
  return g.node('Pad', [input, g.int64s(`${layer.name}_x_pads`, [0, 0, top, left, 0, 0, bottom, right])], `${layer.name}_x_padded`, { mode: 'constant' });
}

/** What kernel tap (kh, kw) sees at every output position: [N, C, outH, outW]. */
function tapWindow(g: GraphBuilder, layer: ConvLayer, padded: string, kh: number, kw: number): string {
  const [outH, outW] = layer.outShape;
  const [sh, sw] = layer.strides;
  const tap = `${layer.name}_tap${kh}${kw}`;
  const ends = [kh + (outH - 1) * sh + 1, kw + (outW - 1) * sw + 1];
  return g.node('Slice', [padded, g.int64s(`${tap}_starts`, [kh, kw]), g.int64s(`${tap}_ends`, ends), g.int64s(`${tap}_axes`, [2, 3]), g.int64s(`${tap}_steps`, [sh, sw])], `${tap}_x`);
}

/**
 * dW[kh, kw, i, o] = Σ_n,y,x x_padded[n, i, y + kh, x + kw] · gz[n, o, y, x]: one matrix product
 * per kernel tap ([Cin, N·H·W] × [N·H·W, Cout]), so every product is large and square-ish, which
 * is what GEMM kernels are fast at (a convolution with the batch as channels is not).
 */
export function kernelGradient(g: GraphBuilder, layer: ConvLayer, input: string, gz: string): string {
  const cin = layer.inShape[2];
  const cout = layer.outShape[2];
  const padded = paddedInput(g, layer, input);
  const gzRows = g.node('Reshape', [g.node('Transpose', [gz], `${layer.name}_gz_nhwc`, { perm: [0, 2, 3, 1] }), g.int64s(`${layer.name}_gz_rows_shape`, [-1, cout])], `${layer.name}_gz_rows`);
  const taps: string[] = [];
  for (let kh = 0; kh < layer.kernel[0]; kh++) {
    for (let kw = 0; kw < layer.kernel[1]; kw++) {
      const window = tapWindow(g, layer, padded, kh, kw);
      const rows = g.node('Reshape', [g.node('Transpose', [window], `${window}_cnhw`, { perm: [1, 0, 2, 3] }), g.int64s(`${window}_rows_shape`, [cin, -1])], `${window}_rows`);
      taps.push(g.node('MatMul', [rows, gzRows], `${window}_grad`));
    }
  }
  const stacked = g.node('Concat', taps, `${layer.name}_taps`, { axis: 0 });
  return g.node('Reshape', [stacked, g.int64s(`${layer.name}_hwio`, [...layer.kernel, cin, cout])], `${layer.name}_kernel_grad`);
}

/** dW[kh, kw, c, 0] = Σ_n,y,x x_padded[n, c, y + kh, x + kw] · gz[n, c, y, x]: a product and a sum per tap. */
export function depthwiseKernelGradient(g: GraphBuilder, layer: ConvLayer, input: string, gz: string): string {
  const channels = layer.inShape[2];
  const padded = paddedInput(g, layer, input);
  const taps: string[] = [];
  for (let kh = 0; kh < layer.kernel[0]; kh++) {
    for (let kw = 0; kw < layer.kernel[1]; kw++) {
      const window = tapWindow(g, layer, padded, kh, kw);
      taps.push(g.node('ReduceSum', [g.node('Mul', [window, gz], `${window}_times_gz`), g.int64s(`${window}_axes`, [0, 2, 3])], `${window}_grad`, { keepdims: 0 }));
    }
  }
  const stacked = g.node('Concat', taps, `${layer.name}_taps`, { axis: 0 });
  return g.node('Reshape', [stacked, g.int64s(`${layer.name}_hwc1`, [...layer.kernel, channels, 1])], `${layer.name}_kernel_grad`);
}

