import { pgEnum } from 'drizzle-orm/pg-core';

export const runStatus = pgEnum('run_status', ['QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELED']);
export const strategy = pgEnum('strategy', ['BASELINE', 'FEATURE_EXTRACTION', 'FINE_TUNE']);
export const backbone = pgEnum('backbone', ['VGG16', 'MOBILENET_V2', 'RESNET50', 'EFFICIENTNET_B0']);
export const runGroupKind = pgEnum('run_group_kind', ['LADDER', 'SWEEP']);
export const phase = pgEnum('phase', ['BASELINE', 'FEATURE_EXTRACTION', 'FINE_TUNE']);

export type RunStatus = (typeof runStatus.enumValues)[number];
export type Strategy = (typeof strategy.enumValues)[number];
export type Backbone = (typeof backbone.enumValues)[number];
export type RunGroupKind = (typeof runGroupKind.enumValues)[number];
export type Phase = (typeof phase.enumValues)[number];
