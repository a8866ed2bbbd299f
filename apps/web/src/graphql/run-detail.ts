import { graphql } from '@/generated';

export const EpochPointFragment = graphql(`
  fragment EpochPoint on EpochMetric {
    phase epoch loss accuracy valLoss valAccuracy learningRate durationMs imagesPerSecond at
  }
`);

export const RunProgressFieldsFragment = graphql(`
  fragment RunProgressFields on RunProgress { phase epoch epochs batch batches etaSeconds }
`);

export const RunStateFragment = graphql(`
  fragment RunState on Run {
    id
    status
    error
    failure { code kind message }
    startedAt
    finishedAt
    bestValAccuracy
    attempts
    worker { name backend device frozenEngine }
    model { id name version valAccuracy testEvaluation { accuracy count } }
  }
`);

// Everything the run page shows; the ladder's group page reads its runs with it too.
export const RunDetailFieldsFragment = graphql(`
  fragment RunDetailFields on Run {
    ...RunState
    name
    strategy
    config
    createdAt
    createdBy { id email name }
    dataset { id name }
    team { id myRole }
    metrics { ...EpochPoint }
    progress { ...RunProgressFields }
    featureCache { hits misses }
  }
`);

export const RunDetailDocument = graphql(`
  query RunDetail($id: ID!) {
    run(id: $id) { ...RunDetailFields }
  }
`);

export const RunEventsDocument = graphql(`
  subscription RunEvents($runId: ID!) {
    runEvents(runId: $runId) {
      __typename
      ... on RunProgressEvent { progress { ...RunProgressFields } }
      ... on RunEpochEvent { metric { ...EpochPoint } }
      ... on RunStatusEvent { status error run { ...RunState } }
    }
  }
`);
