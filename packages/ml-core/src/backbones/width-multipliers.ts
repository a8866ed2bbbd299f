import type { BackboneName } from '../types';
import { MOBILENET_V2_ALPHAS } from './backbone-facts';

/** The width multipliers (Keras `alpha`) a backbone can be built with; undefined for backbones without one. */
export function backboneAlphas(backbone: BackboneName): readonly number[] | undefined {
  return backbone === 'MOBILENET_V2' ? MOBILENET_V2_ALPHAS : undefined;
}
