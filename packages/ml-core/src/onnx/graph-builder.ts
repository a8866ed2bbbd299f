// A small writer for ONNX graphs (opset 17), enough to express the backbones' layers.
import { createRequire } from 'node:module';
import type * as OnnxProto from 'onnx-proto';
import type { onnx as OnnxTypes } from 'onnx-proto';

// onnx-proto is a CommonJS protobufjs bundle whose namespace Node's ESM loader cannot see by name.
const require = createRequire(import.meta.url);
const { onnx } = require('onnx-proto') as typeof OnnxProto;

export const OPSET = 17;
const FLOAT = onnx.TensorProto.DataType.FLOAT;
const INT64 = onnx.TensorProto.DataType.INT64;

/** Integers, integer lists and strings as themselves; floats wrapped, so 1.0 stays a float. */
type AttributeValue = number | number[] | string | { float: number };

export class GraphBuilder {
  private readonly nodes: OnnxTypes.INodeProto[] = [];
  private readonly initializers: OnnxTypes.ITensorProto[] = [];
  private readonly used = new Set<string>();

  /** A fresh value name based on `hint` (layer names are unique, but one layer may emit several values). */
  fresh(hint: string): string {
    let name = hint;
    for (let i = 1; this.used.has(name); i++) name = `${hint}_${i}`;
    this.used.add(name);
    return name;
  }

  floats(hint: string, dims: number[], data: Float32Array | number[]): string {
    const values = data instanceof Float32Array ? data : Float32Array.from(data);
    if (values.length !== dims.reduce((a, b) => a * b, 1)) throw new Error(`Initializer '${hint}' has ${values.length} values for dims [${dims.join(', ')}].`);
    const name = this.fresh(hint);
    this.initializers.push({ name, dims, dataType: FLOAT, rawData: littleEndianBytes(values) });
    return name;
  }

  int64s(hint: string, values: number[]): string {
    const name = this.fresh(hint);
    this.initializers.push({ name, dims: [values.length], dataType: INT64, rawData: littleEndianBytes(BigInt64Array.from(values.map(BigInt))) });
    return name;
  }

  /** Adds a node and returns the name of its (single) output. */
  node(opType: string, inputs: string[], hint: string, attributes: Record<string, AttributeValue> = {}): string {
    const output = this.fresh(hint);
    this.nodes.push({
      opType,
      input: inputs,
      output: [output],
      name: output,
      attribute: Object.entries(attributes).map(([name, value]) => attribute(name, value)),
    });
    return output;
  }

  /** The serialized model: one float input and one float output, batch dimension named `N`. */
  encode(io: { input: string; inputShape: number[]; output: string; outputShape: number[] }): Uint8Array {
    return this.encodeGraph([{ name: io.input, dims: io.inputShape }], [{ name: io.output, dims: io.outputShape }]);
  }

  /** The serialized model; values have a leading batch dimension `N` unless `batch` is false. */
  encodeGraph(inputs: GraphValue[], outputs: GraphValue[]): Uint8Array {
    const model = onnx.ModelProto.create({
      irVersion: 8,
      producerName: 'transferlab',
      opsetImport: [{ domain: '', version: OPSET }],
      graph: {
        name: 'transferlab',
        node: this.nodes,
        initializer: this.initializers,
        input: inputs.map(valueInfo),
        output: outputs.map(valueInfo),
      },
    });
    return onnx.ModelProto.encode(model).finish();
  }
}

export interface GraphValue {
  name: string;
  /** Per example, unless `batch` is false. */
  dims: number[];
  batch?: boolean;
}

function attribute(name: string, value: AttributeValue): OnnxTypes.IAttributeProto {
  const { AttributeType } = onnx.AttributeProto;
  if (typeof value === 'string') return { name, type: AttributeType.STRING, s: new TextEncoder().encode(value) };
  if (Array.isArray(value)) return { name, type: AttributeType.INTS, ints: value };
  if (typeof value === 'object') return { name, type: AttributeType.FLOAT, f: value.float };
  return { name, type: AttributeType.INT, i: value };
}

function valueInfo({ name, dims, batch = true }: GraphValue): OnnxTypes.IValueInfoProto {
  const dim = [...(batch ? [{ dimParam: 'N' }] : []), ...dims.map((d) => ({ dimValue: d }))];
  return { name, type: { tensorType: { elemType: FLOAT, shape: { dim } } } };
}

// ONNX raw data is little-endian, as are the typed arrays on every platform Node runs on here.
function littleEndianBytes(values: Float32Array | BigInt64Array): Uint8Array {
  return new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
}
