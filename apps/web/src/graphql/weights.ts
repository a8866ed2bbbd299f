import { graphql } from '@/generated';

export const TeamWeightsDocument = graphql(`
  query TeamWeights($id: ID!) {
    team(id: $id) {
      id
      myRole
      weights { id name backbone alpha format sha256 sizeBytes createdAt createdBy { id email name } }
    }
    imagenetWeights { fileName backbone alpha sizeBytes createdAt }
  }
`);

export const DeleteBackboneWeightsDocument = graphql(`
  mutation DeleteBackboneWeights($id: ID!) {
    deleteBackboneWeights(id: $id)
  }
`);
