import { pgEnum } from 'drizzle-orm/pg-core';

export const imageSplit = pgEnum('image_split', ['train', 'val']);

export type ImageSplit = (typeof imageSplit.enumValues)[number];
