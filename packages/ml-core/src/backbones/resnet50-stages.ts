// ResNet50's shape, apart from its builder so memory estimates read it without TensorFlow.js.

/** (filters, blocks, first stride) per stage conv2..conv5, ResNet50's `stack_fn` in Keras. */
export const RESNET50_STAGES = [
  { name: 'conv2', filters: 64, blocks: 3, stride: 1 },
  { name: 'conv3', filters: 128, blocks: 4, stride: 2 },
  { name: 'conv4', filters: 256, blocks: 6, stride: 2 },
  { name: 'conv5', filters: 512, blocks: 3, stride: 2 },
] as const;
