import type { Backbone } from '@/generated/graphql';
import { BACKBONE_CHOICES } from '@/lib/run-config/backbone-choices';

/** The backbones as the dashboard names them; widths for the one that has them (ml-core's MOBILENET_V2_ALPHAS). */
export const BACKBONE_LABELS = Object.fromEntries(BACKBONE_CHOICES.map((c) => [c.value, c.label])) as Record<Backbone, string>;
export const BACKBONE_ALPHAS: Partial<Record<Backbone, number[]>> = { MOBILENET_V2: [0.35, 0.5, 0.75, 1, 1.3, 1.4] };

export function weightsLabel(weights: { backbone: Backbone; alpha?: number | null }): string {
  return `${BACKBONE_LABELS[weights.backbone]}${weights.alpha != null && BACKBONE_ALPHAS[weights.backbone] ? ` α ${Number(weights.alpha.toPrecision(3))}` : ''}`;
}
