import { graphql } from '@/generated';

export const LadderComparisonFieldsFragment = graphql(`
  fragment LadderComparisonFields on LadderComparison {
    transferGain
    fineTuneGain
    fineTuneHelped
    rungs { strategy valAccuracy testAccuracy wallTimeSeconds imagesPerSecond run { id } }
  }
`);

export const RunGroupPageDocument = graphql(`
  query RunGroupPage($id: ID!) {
    runGroup(id: $id) {
      id
      kind
      name
      createdAt
      createdBy { id email name }
      runs { ...RunDetailFields }
      comparison { ...LadderComparisonFields }
    }
  }
`);

export const LadderComparisonDocument = graphql(`
  query LadderComparison($id: ID!) {
    runGroup(id: $id) { id comparison { ...LadderComparisonFields } }
  }
`);

export const StartLadderDocument = graphql(`
  mutation StartLadder($input: StartLadderInput!) {
    startLadder(input: $input) { id }
  }
`);
