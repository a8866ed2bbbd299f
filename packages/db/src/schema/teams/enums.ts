import { pgEnum } from 'drizzle-orm/pg-core';

export const teamRole = pgEnum('team_role', ['OWNER', 'ADMIN', 'MEMBER', 'VIEWER']);

export type TeamRole = (typeof teamRole.enumValues)[number];
