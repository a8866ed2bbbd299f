import { graphql } from '@/generated';

export const CompareRunsDocument = graphql(`
  query CompareRuns($teamId: ID!, $ids: [ID!]) {
    team(id: $teamId) {
      id
      runs(first: 200) { id name status strategy createdAt dataset { name } }
      runGroups(first: 20) { id kind name createdAt runs { id } }
    }
    runs(teamId: $teamId, ids: $ids) {
      id
      name
      status
      strategy
      config
      bestValAccuracy
      dataset { id name }
      group { id name }
      metrics { ...EpochPoint }
    }
  }
`);
