import type { TeamRole } from '@/generated/graphql';

const RANK: Record<TeamRole, number> = { VIEWER: 0, MEMBER: 1, ADMIN: 2, OWNER: 3 };

/** The API enforces roles; the dashboard only mirrors them to hide or disable what would be refused. */
export function roleAtLeast(role: TeamRole, min: TeamRole): boolean {
  return RANK[role] >= RANK[min];
}

export const canEdit = (role: TeamRole) => roleAtLeast(role, 'MEMBER');
export const canAdminister = (role: TeamRole) => roleAtLeast(role, 'ADMIN');
export const TEAM_ROLES: TeamRole[] = ['OWNER', 'ADMIN', 'MEMBER', 'VIEWER'];
