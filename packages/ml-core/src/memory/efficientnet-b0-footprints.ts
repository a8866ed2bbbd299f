import { correctPad } from '../backbones/correct-pad';
import { DROP_CONNECT_RATE, EFFICIENTNET_B0_STAGES, SE_RATIO } from '../backbones/efficientnet-b0-stages';
import { Footprints, type LayerFootprint } from './footprint-builder';

/** The pixels a Keras correct_pad ZeroPadding2D adds to a side's length. */
const padded = (size: number, kernel: number) => correctPad(size, size, kernel)[0].reduce((a, b) => a + b, 0);

/** backbones/efficientnet-b0.ts, layer for layer. */
export function efficientNetB0Footprints(imageSize: number): LayerFootprint[] {
  const f = new Footprints({ size: imageSize, channels: 3 });
  f.same('rescaling');
  // Normalization keeps a mean and a variance per channel, and a count.
  f.same('normalization', 2 * 3 + 1);
  f.same('rescaling_1');
  f.zeroPad('stem_conv_pad', padded(imageSize, 3));
  f.conv('stem_conv', { filters: 32, kernel: 3, stride: 2, bias: false, padding: 'valid' });
  f.batchNorm('stem_bn');
  f.same('stem_activation');
  const total = EFFICIENTNET_B0_STAGES.reduce((sum, s) => sum + s.repeats, 0);
  let b = 0;
  EFFICIENTNET_B0_STAGES.forEach((stage, i) => {
    for (let j = 0; j < stage.repeats; j++) {
      const first = j === 0;
      mbConvBlock(f, `block${i + 1}${String.fromCharCode(97 + j)}_`, {
        kernel: stage.kernelSize,
        expandRatio: stage.expandRatio,
        stride: first ? stage.strides : 1,
        filtersIn: first ? stage.filtersIn : stage.filtersOut,
        filtersOut: stage.filtersOut,
        dropped: (DROP_CONNECT_RATE * b) / total > 0,
      });
      b++;
    }
  });
  f.conv('top_conv', { filters: 1280, kernel: 1, bias: false });
  f.batchNorm('top_bn');
  f.same('top_activation');
  return f.layers;
}

function mbConvBlock(f: Footprints, name: string, o: { kernel: number; expandRatio: number; stride: number; filtersIn: number; filtersOut: number; dropped: boolean }): void {
  const filters = o.filtersIn * o.expandRatio;
  if (o.expandRatio !== 1) {
    f.conv(`${name}expand_conv`, { filters, kernel: 1, bias: false });
    f.batchNorm(`${name}expand_bn`);
    f.same(`${name}expand_activation`);
  }
  if (o.stride === 2) f.zeroPad(`${name}dwconv_pad`, padded(f.shape.size, o.kernel));
  f.depthwise(`${name}dwconv`, o.stride, o.stride === 2, o.kernel);
  f.batchNorm(`${name}bn`);
  f.same(`${name}activation`);
  // Squeeze-and-excitation works on one pixel, then scales the full map.
  const map = f.shape;
  f.globalPool(`${name}se_squeeze`);
  f.same(`${name}se_reshape`);
  f.conv(`${name}se_reduce`, { filters: Math.max(1, Math.trunc(o.filtersIn * SE_RATIO)), kernel: 1, bias: true });
  f.conv(`${name}se_expand`, { filters, kernel: 1, bias: true });
  f.shape = map;
  f.same(`${name}se_excite`);
  f.conv(`${name}project_conv`, { filters: o.filtersOut, kernel: 1, bias: false });
  f.batchNorm(`${name}project_bn`);
  if (o.stride === 1 && o.filtersIn === o.filtersOut) {
    if (o.dropped) f.same(`${name}drop`);
    f.same(`${name}add`);
  }
}
