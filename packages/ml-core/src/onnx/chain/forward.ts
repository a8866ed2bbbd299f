import { GraphBuilder } from '../graph-builder';
import { batched, nchw, weightInputs, type Described } from './describe';
import { bnTerms, convWindowAttributes, kernelOihw, perChannel } from './layer-terms';

/**
 * The chain's forward graph: the output (NHWC) and every value, saved (NCHW) for the backward
 * pass; with `keepActivations: false` the output alone (inference, where ONNX Runtime reuses the
 * values' memory instead of handing each one back).
 */
export function forwardGraph({ placed, shapes }: Described, { keepActivations = true } = {}): Uint8Array {
  const g = new GraphBuilder();
  const inputs = [batched('x', shapes[0]!), ...weightInputs(placed)];
  const saved = [g.node('Transpose', ['x'], 'saved_0', { perm: [0, 3, 1, 2] })];
  for (const { layer, inputs: reads, output } of placed) {
    const name = `saved_${output}`;
    const a = saved[reads[0]!]!;
    switch (layer.kind) {
      case 'conv':
      case 'depthwise': {
        const bias = layer.hasBias ? [`${layer.name}_bias`] : [];
        const z = g.node('Conv', [a, kernelOihw(g, layer), ...bias], layer.relu ? `${layer.name}_z` : name, convWindowAttributes(layer));
        saved.push(layer.relu ? g.node('Relu', [z], name) : z);
        break;
      }
      case 'pool':
        saved.push(g.node('MaxPool', [a], name, { kernel_shape: [layer.pool, layer.pool], strides: [layer.pool, layer.pool] }));
        break;
      case 'bn': {
        const { mean, scale } = bnTerms(g, layer);
        const scaled = g.node('Mul', [g.node('Sub', [a, mean], `${layer.name}_centered`), scale], `${layer.name}_scaled`);
        saved.push(g.node('Add', [scaled, perChannel(g, `${layer.name}_beta`, layer.inShape[2], `${layer.name}_beta_c11`)], name));
        break;
      }
      case 'relu':
        saved.push(layer.max === null ? g.node('Relu', [a], name) : g.node('Clip', [a, g.floats(`${layer.name}_min`, [], [0]), g.floats(`${layer.name}_max`, [], [layer.max])], name));
        break;
      case 'pad': {
        const [top, left, bottom, right] = layer.pads as [number, number, number, number];
        saved.push(g.node('Pad', [a, g.int64s(`${layer.name}_pads`, [0, 0, top, left, 0, 0, bottom, right])], name, { mode: 'constant' }));
        break;
      }
      case 'add':
        saved.push(g.node('Sum', reads.map((r) => saved[r]!), name));
        break;
      case 'multiply':
        saved.push(g.node('Mul', reads.map((r) => saved[r]!), name));
        break;
      case 'gate':
        // Opset 17 has no Swish: x * sigmoid(x).
        saved.push(layer.fn === 'sigmoid' ? g.node('Sigmoid', [a], name) : g.node('Mul', [a, g.node('Sigmoid', [a], `${layer.name}_sigmoid`)], name));
        break;
      case 'squeeze':
        saved.push(g.node('ReduceMean', [a], name, { axes: [2, 3], keepdims: 1 }));
        break;
      case 'identity':
        saved.push(g.node('Identity', [a], name));
        break;
    }
  }
  const output = g.node('Transpose', [saved[saved.length - 1]!], 'output', { perm: [0, 2, 3, 1] });
  // The last saved value is the output itself (NCHW); the backward pass needs it for masks.
  const kept = keepActivations ? saved.map((s, i) => batched(s, nchw(shapes[i]!))) : [];
  return g.encodeGraph(inputs, [batched(output, shapes[shapes.length - 1]!), ...kept]);
}

