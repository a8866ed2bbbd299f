import type { GraphBuilder } from '../graph-builder';
import type { ChainLayer, ConvLayer } from './describe';

/** The kernel as ONNX wants it: [out, in / group, kh, kw] from TensorFlow's [kh, kw, in, out] (depthwise: [kh, kw, C, 1]). */
export function kernelOihw(g: GraphBuilder, conv: ConvLayer): string {
  return g.node('Transpose', [conv.params[0]!.feed], `${conv.name}_oihw`, { perm: conv.kind === 'conv' ? [3, 2, 0, 1] : [2, 3, 0, 1] });
}

/** A depthwise convolution is ONNX's grouped one, with a group per channel. */
function grouping(conv: ConvLayer): Record<string, number> {
  return conv.kind === 'depthwise' ? { group: conv.inShape[2] } : {};
}

/** A per-channel vector as [C, 1, 1], which broadcasts over NCHW. */
export function perChannel(g: GraphBuilder, vector: string, channels: number, hint: string): string {
  return g.node('Reshape', [vector, g.int64s(`${hint}_c11`, [channels, 1, 1])], hint);
}

/** BatchNorm's two constants, and its scale gamma / sqrt(variance + epsilon), all [C, 1, 1]. */
export function bnTerms(g: GraphBuilder, layer: ChainLayer & { kind: 'bn' }) {
  const c = layer.inShape[2];
  const mean = g.floats(`${layer.name}_mean`, [c, 1, 1], layer.mean);
  const invStd = g.floats(`${layer.name}_inv_std`, [c, 1, 1], layer.invStd);
  const scale = g.node('Mul', [perChannel(g, `${layer.name}_gamma`, c, `${layer.name}_gamma_c11`), invStd], `${layer.name}_scale`);
  return { mean, invStd, scale };
}

/** The convolution's window attributes, shared by Conv and (for the input gradient) ConvTranspose. */
export function convWindowAttributes(conv: ConvLayer): Record<string, number[] | number> {
  return { kernel_shape: conv.kernel, pads: conv.pads, strides: conv.strides, ...grouping(conv) };
}


/** ConvTranspose's attributes for the input gradient: the window, and output_padding for rows a strided window never read (zeros). */
function inputGradientAttributes(conv: ConvLayer): Record<string, number[] | number> {
  const [[inH, inW], [outH, outW]] = [conv.inShape, conv.outShape];
  const [top, left, bottom, right] = conv.pads as [number, number, number, number];
  const outputPadding = [inH + top + bottom - ((outH - 1) * conv.strides[0] + conv.kernel[0]), inW + left + right - ((outW - 1) * conv.strides[1] + conv.kernel[1])];
  return { ...convWindowAttributes(conv), output_padding: outputPadding };
}

/**
 * dLoss/dInput from dLoss/dZ. A stride-1 convolution's is itself a convolution, of gz with the
 * kernel turned 180 degrees and its channels swapped, padded by (kernel - 1 - padding): ONNX
 * Runtime's Conv computes that about twice as fast as its ConvTranspose (measured on VGG16's block
 * 5). Strided and depthwise convolutions keep ConvTranspose.
 */
export function inputGradient(g: GraphBuilder, conv: ConvLayer, gz: string): string {
  const hint = `${conv.name}_grad_in`;
  if (conv.kind !== 'conv' || conv.strides.some((s) => s !== 1)) return g.node('ConvTranspose', [gz, kernelOihw(g, conv)], hint, inputGradientAttributes(conv));
  const [kh, kw] = conv.kernel;
  const [top, left, bottom, right] = conv.pads as [number, number, number, number];
  // HWIO reversed along H and W (negative steps run from the last tap through the first), then [I, O, H, W].
  const flipped = g.node('Slice', [conv.params[0]!.feed, g.int64s(`${hint}_starts`, [kh - 1, kw - 1]), g.int64s(`${hint}_ends`, [-kh - 1, -kw - 1]), g.int64s(`${hint}_axes`, [0, 1]), g.int64s(`${hint}_steps`, [-1, -1])], `${hint}_flipped`);
  const kernel = g.node('Transpose', [flipped], `${hint}_kernel`, { perm: [2, 3, 0, 1] });
  return g.node('Conv', [gz, kernel], hint, { kernel_shape: conv.kernel, strides: [1, 1], pads: [kh - 1 - top, kw - 1 - left, kh - 1 - bottom, kw - 1 - right] });
}
