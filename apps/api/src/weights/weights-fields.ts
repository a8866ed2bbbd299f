import { BACKBONE_NAMES, backboneAlphas, type BackboneName } from '@transferlab/ml-core/no-tfjs';
import { badInput } from '../errors';
import { characters, TEXT_LIMITS } from '../text-limits';

export interface WeightsFields {
  name: string;
  backbone: BackboneName;
  /** The width multiplier; null for backbones without one. */
  alpha: number | null;
  /** Marked as the server's copy of Keras's ImageNet file for this backbone. */
  imagenet: boolean;
}

/** The upload's text fields, checked against the backbones ml-core builds; every refusal says what to send. */
export function parseWeightsFields(fields: ReadonlyMap<string, string>): WeightsFields {
  const backbones: readonly string[] = BACKBONE_NAMES;
  const backbone = fields.get('backbone')?.trim() ?? '';
  if (!backbones.includes(backbone)) {
    throw badInput(`${backbone ? `"${backbone.slice(0, 40)}" is not a backbone` : 'The `backbone` field is missing'}: send one of ${backbones.join(', ')}.`);
  }
  const alphas = backboneAlphas(backbone as BackboneName);
  const alphaText = fields.get('alpha')?.trim() || undefined;
  let alpha: number | null = null;
  if (alphas) {
    // Keras's default width, as for runs.
    alpha = alphaText === undefined ? 1 : Number(alphaText);
    if (!alphas.includes(alpha)) throw badInput(`alpha "${alphaText?.slice(0, 20)}" is not a width ${backbone} is built with: send one of ${alphas.join(', ')}.`);
  } else if (alphaText !== undefined && Number(alphaText) !== 1) {
    throw badInput(`${backbone} has no width multiplier; leave out \`alpha\`.`);
  }
  const imagenetText = fields.get('imagenet')?.trim().toLowerCase() ?? 'false';
  if (!['true', 'false'].includes(imagenetText)) throw badInput('The `imagenet` field is "true" or "false".');
  const imagenet = imagenetText === 'true';
  const name = fields.get('name')?.trim() ?? '';
  if (!imagenet && !name) throw badInput('The `name` field is missing: name the weights as the team will pick them in the run form.');
  if (characters(name) > TEXT_LIMITS.weightsName) throw badInput(`A weights name can have at most ${TEXT_LIMITS.weightsName} characters; this one has ${characters(name)}.`);
  return { name, backbone: backbone as BackboneName, alpha, imagenet };
}
