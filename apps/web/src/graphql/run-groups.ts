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
      sweep { ...SweepRankingFields }
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

export const SweepRankingFieldsFragment = graphql(`
  fragment SweepRankingFields on SweepRanking {
    finished
    grid { learningRate fineTuneLearningRate unfreezeFrom dropout imageSize }
    entries {
      rank
      valAccuracy
      testAccuracy
      wallTimeSeconds
      params { learningRate fineTuneLearningRate unfreezeFrom dropout imageSize }
      run { id name status }
    }
    best { run { id name model { id name version aliases } } }
  }
`);

export const SweepRankingDocument = graphql(`
  query SweepRanking($id: ID!) {
    runGroup(id: $id) { id sweep { ...SweepRankingFields } }
  }
`);

export const StartSweepDocument = graphql(`
  mutation StartSweep($input: StartSweepInput!) {
    startSweep(input: $input) { id }
  }
`);

export const CompareGroupDocument = graphql(`
  query CompareGroup($id: ID!) {
    runGroup(id: $id) { id kind name runs { id } }
  }
`);
