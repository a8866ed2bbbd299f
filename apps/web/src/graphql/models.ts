import { graphql } from '@/generated';

export const TeamModelsDocument = graphql(`
  query TeamModels($id: ID!) {
    team(id: $id) {
      id
      models { id name version aliases valAccuracy backbone imageSize createdAt classes run { id name } }
    }
  }
`);

export const ModelPageDocument = graphql(`
  query ModelPage($id: ID!) {
    model(id: $id) {
      id
      name
      version
      classes
      imageSize
      backbone
      valAccuracy
      confusionMatrix
      classMetrics { name precision recall f1 support }
      testEvaluation { accuracy count confusionMatrix classMetrics { name precision recall f1 support } }
      phaseBests { phase bestEpoch valLoss valAccuracy epochsRun stoppedEarly }
      aliases
      createdAt
      run { id name strategy dataset { id } team { id myRole } }
    }
  }
`);

export const SetModelAliasDocument = graphql(`
  mutation SetModelAlias($modelId: ID!, $alias: String!) {
    setModelAlias(modelId: $modelId, alias: $alias) { id aliases }
  }
`);

export const PredictDocument = graphql(`
  mutation Predict($modelId: ID!, $imageBase64: String!, $topK: Int) {
    predict(modelId: $modelId, imageBase64: $imageBase64, topK: $topK) { label probability }
  }
`);

export const ModelPredictionsDocument = graphql(`
  query ModelPredictions($id: ID!, $first: Int, $after: String, $trueClass: String, $predictedClass: String, $split: PredictionSplit) {
    model(id: $id) {
      id
      predictions(first: $first, after: $after, trueClass: $trueClass, predictedClass: $predictedClass, split: $split) {
        totalCount
        hasNextPage
        endCursor
        items { imageSha256 trueClass predictedClass confidence loss image { id className } }
      }
    }
  }
`);

export const MoveDatasetImageDocument = graphql(`
  mutation MoveDatasetImage($imageId: ID!, $className: String!) {
    moveDatasetImage(imageId: $imageId, className: $className) { id className }
  }
`);

export const DeleteDatasetImageDocument = graphql(`
  mutation DeleteDatasetImage($imageId: ID!) {
    deleteDatasetImage(imageId: $imageId) { id revision }
  }
`);
