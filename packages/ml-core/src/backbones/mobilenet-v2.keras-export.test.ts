import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildMobileNetV2 } from './mobilenet-v2';

// A real Keras MobileNetV2 alpha 0.35 export (Teachable Machine's base). Only some machines have it,
// so this check is opt-in: it proves our names and shapes load that file's weights by name.
// ../shared beside the repository (read in place, never copied).
const EXPORT_DIR = fileURLToPath(new URL('../../../../../shared/models/mobilenet_v2_035_224_imagenet_base', import.meta.url));
const MODEL_JSON = `${EXPORT_DIR}/model.json`;

interface ManifestWeight {
  name: string;
  shape: number[];
}
interface KerasLayer {
  class_name: string;
  config: { name: string; layers?: KerasLayer[] };
}
interface ExportedModel {
  modelTopology: { config: { layers: KerasLayer[] } };
  weightsManifest: { weights: ManifestWeight[] }[];
}

function readExport(): ExportedModel {
  return JSON.parse(readFileSync(MODEL_JSON, 'utf8')) as ExportedModel;
}

/** The exported base model's layers: Sequential → Sequential → functional base model. */
function exportedBaseLayers(exported: ExportedModel): KerasLayer[] {
  const outer = exported.modelTopology.config.layers[0];
  const base = outer?.config.layers?.find((layer) => layer.class_name === 'Model');
  return base?.config.layers ?? [];
}

describe.skipIf(!existsSync(MODEL_JSON))('MobileNetV2 alpha 0.35 against a real Keras export', () => {
  it('has every weight the export has, with the same name and shape', () => {
    const exported = readExport();
    const exportedShapes = new Map(
      exported.weightsManifest
        .flatMap((group) => group.weights)
        .filter((weight) => !weight.name.startsWith('dense_')) // the classifier head
        .map((weight) => [weight.name, weight.shape]),
    );
    const model = buildMobileNetV2({ imageSize: 224, alpha: 0.35 });
    const ours = new Map(model.weights.map((weight) => [weight.originalName, weight.shape]));
    model.dispose();

    expect(ours.size).toBe(260);
    expect(Object.fromEntries(ours)).toEqual(Object.fromEntries(exportedShapes));
  });

  it('has the export layer order, apart from the Keras 2.2 Conv1_pad', () => {
    const exportedNames = exportedBaseLayers(readExport())
      .map((layer) => layer.config.name)
      .filter((name) => name !== 'Conv1_pad');
    const model = buildMobileNetV2({ imageSize: 224, alpha: 0.35 });
    const ourNames = model.layers.map((layer) => layer.name);
    model.dispose();

    expect(exportedNames).toHaveLength(154);
    expect(ourNames).toEqual(exportedNames);
  });
});
