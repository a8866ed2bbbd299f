import { graphql } from '@/generated';

export const RunSummaryFragment = graphql(`
  fragment RunSummary on Run {
    id
    name
    status
    strategy
    bestValAccuracy
    createdAt
    startedAt
    finishedAt
    createdBy { id email name }
    dataset { id name }
    group { id }
  }
`);

export const TeamRunsDocument = graphql(`
  query TeamRuns($id: ID!) {
    team(id: $id) { id myRole runs(first: 200) { ...RunSummary } }
  }
`);

export const TeamRunsLiveDocument = graphql(`
  subscription TeamRunsLive($teamId: ID!) {
    teamRuns(teamId: $teamId) { ...RunSummary }
  }
`);

export const NewRunOptionsDocument = graphql(`
  query NewRunOptions($id: ID!) {
    team(id: $id) { id myRole datasets { id name imageCount trainCount valCount classes { name } } weights { id name backbone alpha } }
    imagenetWeights { backbone alpha fileName }
  }
`);

export const StartRunDocument = graphql(`
  mutation StartRun($input: StartRunInput!) {
    startRun(input: $input) { id }
  }
`);

export const CancelRunDocument = graphql(`
  mutation CancelRun($id: ID!) {
    cancelRun(id: $id) { id status }
  }
`);
