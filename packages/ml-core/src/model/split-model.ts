import * as tf from '@tensorflow/tfjs';

interface GraphNode {
  inputTensors: tf.SymbolicTensor[];
  outputTensors: tf.SymbolicTensor[];
}

/**
 * Splits a functional model at `layerName` into `prefix` (inputs → that layer's input) and
 * `suffix` (that layer's input → outputs), sharing the original layers and weights. Fine-tuning
 * uses it so the frozen prefix runs once per image, outside the gradient tape. Throws when a
 * connection skips over the cut (a residual link), since no single tensor then separates the two.
 */
export function splitModelAt(model: tf.LayersModel, layerName: string): { prefix: tf.LayersModel; suffix: tf.LayersModel } {
  const layers = model.layers;
  const cut = layers.findIndex((l) => l.name === layerName);
  if (cut < 0) throw new Error(`No layer named '${layerName}' in ${model.name}.`);
  const cutInput = firstNode(layers[cut]!).inputTensors;
  if (cutInput.length !== 1) throw new Error(`Cannot split at '${layerName}': it has ${cutInput.length} inputs.`);
  const boundary = cutInput[0]!;
  const prefix = tf.model({ inputs: model.inputs, outputs: boundary, name: `${model.name}_to_${layerName}` });

  const input = tf.input({ shape: boundary.shape.slice(1) as number[], name: `${layerName}_input` });
  const mapped = new Map<number, tf.SymbolicTensor>([[boundary.id, input]]);
  for (const layer of layers.slice(cut)) {
    const node = firstNode(layer);
    const inputs = node.inputTensors.map((t) => {
      const m = mapped.get(t.id);
      if (!m) throw new Error(`Cannot split at '${layerName}': layer '${layer.name}' also reads from before the cut.`);
      return m;
    });
    const out = layer.apply(inputs.length === 1 ? inputs[0]! : inputs) as tf.SymbolicTensor | tf.SymbolicTensor[];
    const outs = Array.isArray(out) ? out : [out];
    node.outputTensors.forEach((t, i) => mapped.set(t.id, outs[i]!));
  }
  const outputs = model.outputs.map((t) => {
    const m = mapped.get(t.id);
    if (!m) throw new Error(`Cannot split at '${layerName}': output '${t.name}' does not depend on it.`);
    return m;
  });
  const suffix = tf.model({ inputs: input, outputs, name: `${model.name}_from_${layerName}` });
  return { prefix, suffix };
}

// A layer built once in a model has exactly one inbound node: the call that placed it there.
function firstNode(layer: tf.layers.Layer): GraphNode {
  const node = (layer as unknown as { inboundNodes: GraphNode[] }).inboundNodes[0];
  if (!node) throw new Error(`Layer '${layer.name}' is not connected.`);
  return node;
}
