import { RESNET50_STAGES } from '../backbones/resnet50-stages';
import { Footprints, type LayerFootprint } from './footprint-builder';

/** backbones/resnet50.ts, layer for layer, in the order model.layers lists them. */
export function resNet50Footprints(imageSize: number): LayerFootprint[] {
  const f = new Footprints({ size: imageSize, channels: 3 });
  f.zeroPad('conv1_pad', 6);
  f.conv('conv1_conv', { filters: 64, kernel: 7, stride: 2, bias: true, padding: 'valid' });
  f.batchNorm('conv1_bn');
  f.same('conv1_relu');
  f.zeroPad('pool1_pad', 2);
  f.maxPool('pool1_pool', 3, 2);
  for (const stage of RESNET50_STAGES) {
    for (let b = 1; b <= stage.blocks; b++) bottleneck(f, `${stage.name}_block${b}`, stage.filters, b === 1 ? stage.stride : 1, b === 1);
  }
  return f.layers;
}

function bottleneck(f: Footprints, name: string, filters: number, stride: number, convShortcut: boolean): void {
  const input = f.shape;
  f.conv(`${name}_1_conv`, { filters, kernel: 1, stride, bias: true });
  f.batchNorm(`${name}_1_bn`);
  f.same(`${name}_1_relu`);
  f.conv(`${name}_2_conv`, { filters, kernel: 3, bias: true });
  f.batchNorm(`${name}_2_bn`);
  f.same(`${name}_2_relu`);
  if (convShortcut) {
    // model.layers lists layers by depth: the projection sits beside the last 1x1 conv, its batch
    // norm beside that conv's.
    const branch = f.shape;
    f.shape = input;
    f.conv(`${name}_0_conv`, { filters: 4 * filters, kernel: 1, stride, bias: true });
    f.shape = branch;
    f.conv(`${name}_3_conv`, { filters: 4 * filters, kernel: 1, bias: true });
    f.batchNorm(`${name}_0_bn`);
  } else {
    f.conv(`${name}_3_conv`, { filters: 4 * filters, kernel: 1, bias: true });
  }
  f.batchNorm(`${name}_3_bn`);
  f.same(`${name}_add`);
  f.same(`${name}_out`);
}
