import { graphql } from '@/generated';

export const TeamApiTokensDocument = graphql(`
  query TeamApiTokens($id: ID!) {
    team(id: $id) {
      id
      apiTokens { id name createdAt lastUsedAt revokedAt createdBy { id email name } }
    }
  }
`);

export const CreateApiTokenDocument = graphql(`
  mutation CreateApiToken($teamId: ID!, $name: String!) {
    createApiToken(teamId: $teamId, name: $name) { id name token }
  }
`);

export const RevokeApiTokenDocument = graphql(`
  mutation RevokeApiToken($id: ID!) {
    revokeApiToken(id: $id) { id revokedAt }
  }
`);
