import type * as tf from '@tensorflow/tfjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { blockNames } from './layer-names';
import { buildMobileNetV2 } from './mobilenet-v2';
import { unfreezeFrom } from './unfreeze-from';
import { buildVgg16 } from './vgg16';

function trainableLayers(model: tf.LayersModel): string[] {
  return model.layers.filter((layer) => layer.trainable).map((layer) => layer.name);
}

describe('unfreezeFrom on VGG16', () => {
  let model: tf.LayersModel;
  beforeEach(() => {
    model = buildVgg16({ imageSize: 32 });
  });
  afterEach(() => {
    model.dispose();
  });

  it('freezes everything before the layer and trains it and everything after', () => {
    const frozen = unfreezeFrom(model, 'block5_conv1');
    expect(frozen).toBe(15);
    expect(trainableLayers(model)).toEqual(['block5_conv1', 'block5_conv2', 'block5_conv3', 'block5_pool']);
    // 3 convs x (kernel + bias) is what the optimizer will see.
    expect(model.trainableWeights.map((weight) => weight.originalName)).toEqual([
      'block5_conv1/kernel', 'block5_conv1/bias',
      'block5_conv2/kernel', 'block5_conv2/bias',
      'block5_conv3/kernel', 'block5_conv3/bias',
    ]);
    expect(model.nonTrainableWeights).toHaveLength(20);
  });

  it('accepts a block prefix as the block first layer', () => {
    unfreezeFrom(model, 'block4');
    expect(trainableLayers(model)[0]).toBe('block4_conv1');
    expect(trainableLayers(model)).toHaveLength(8);
  });

  it('can unfreeze again from an earlier layer, and undoes a whole-model freeze', () => {
    unfreezeFrom(model, 'block5_conv1');
    model.trainable = false;
    unfreezeFrom(model, 'block3_conv3');
    expect(model.trainable).toBe(true);
    expect(trainableLayers(model)[0]).toBe('block3_conv3');
    expect(model.trainableWeights).toHaveLength(14);
  });

  it('names the valid blocks when the layer does not exist', () => {
    expect(() => unfreezeFrom(model, 'block6')).toThrow(
      /no layer or block "block6".*block1, block2, block3, block4, block5/,
    );
  });
});

describe('unfreezeFrom on MobileNetV2', () => {
  it('tells block_1 from block_16 and lists the blocks when it fails', () => {
    const model = buildMobileNetV2({ imageSize: 32, alpha: 0.35 });
    unfreezeFrom(model, 'block_16');
    expect(trainableLayers(model)[0]).toBe('block_16_expand');
    unfreezeFrom(model, 'block_1');
    expect(trainableLayers(model)[0]).toBe('block_1_expand');
    expect(blockNames(model)).toHaveLength(16);
    expect(() => unfreezeFrom(model, 'block_17')).toThrow(/Valid blocks: block_1, block_2, .*block_16;/);
    model.dispose();
  });
});
