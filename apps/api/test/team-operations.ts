// Team and API token mutations as the tests send them, with the smallest selections.
export const CREATE_TEAM = 'mutation ($name: String!) { createTeam(name: $name) { id } }';
export const ADD = 'mutation ($teamId: ID!, $email: String!, $role: TeamRole!) { addTeamMember(teamId: $teamId, email: $email, role: $role) { role } }';
export const UPDATE = 'mutation ($teamId: ID!, $userId: ID!, $role: TeamRole!) { updateTeamMember(teamId: $teamId, userId: $userId, role: $role) { role } }';
export const REMOVE = 'mutation ($teamId: ID!, $userId: ID!) { removeTeamMember(teamId: $teamId, userId: $userId) }';
export const CREATE_TOKEN = 'mutation ($teamId: ID!, $name: String!) { createApiToken(teamId: $teamId, name: $name) { token id name } }';
export const REVOKE = 'mutation ($id: ID!) { revokeApiToken(id: $id) { id revokedAt } }';
