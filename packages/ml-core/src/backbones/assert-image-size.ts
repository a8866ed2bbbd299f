/**
 * Rejects input sizes the architecture cannot shrink to at least one output pixel. Keras's
 * `obtain_input_shape` enforces the same minimum (32) for VGG16 and MobileNetV2 without weights.
 */
export function assertImageSize(imageSize: number, minImageSize: number, architecture: string): void {
  if (!Number.isInteger(imageSize) || imageSize < minImageSize) {
    throw new Error(
      `${architecture} needs an integer image size of at least ${minImageSize} pixels; got ${imageSize}.`,
    );
  }
}
