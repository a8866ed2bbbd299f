import { graphql } from '@/generated';

export const CreateTeamDocument = graphql(`
  mutation CreateTeam($name: String!) {
    createTeam(name: $name) { id name }
  }
`);

export const TeamShellDocument = graphql(`
  query TeamShell($id: ID!) {
    team(id: $id) { id name myRole }
  }
`);

export const TeamMembersDocument = graphql(`
  query TeamMembers($id: ID!) {
    team(id: $id) { id myRole members { role user { id email name } } }
  }
`);

export const AddTeamMemberDocument = graphql(`
  mutation AddTeamMember($teamId: ID!, $email: String!, $role: TeamRole!) {
    addTeamMember(teamId: $teamId, email: $email, role: $role) { role user { id email } }
  }
`);

export const UpdateTeamMemberDocument = graphql(`
  mutation UpdateTeamMember($teamId: ID!, $userId: ID!, $role: TeamRole!) {
    updateTeamMember(teamId: $teamId, userId: $userId, role: $role) { role user { id } }
  }
`);

export const RemoveTeamMemberDocument = graphql(`
  mutation RemoveTeamMember($teamId: ID!, $userId: ID!) {
    removeTeamMember(teamId: $teamId, userId: $userId)
  }
`);
