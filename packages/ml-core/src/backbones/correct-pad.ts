/**
 * Keras's `imagenet_utils.correct_pad` for a 3x3 kernel: the zero padding placed before a stride-2
 * 'valid' depthwise conv. Even sizes pad one pixel at the bottom/right only, odd sizes one on each
 * side, reproducing TensorFlow's asymmetric 'same' padding explicitly.
 */
export function correctPad(height: number, width: number, kernelSize = 3): [[number, number], [number, number]] {
  const correct = Math.floor(kernelSize / 2);
  const adjust = (size: number): number => 1 - (size % 2);
  return [
    [correct - adjust(height), correct],
    [correct - adjust(width), correct],
  ];
}
