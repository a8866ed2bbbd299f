import { graphql } from '@/generated';

export const TeamDatasetsDocument = graphql(`
  query TeamDatasets($id: ID!) {
    team(id: $id) {
      id
      myRole
      datasets { id name imageCount trainCount valCount warnings createdAt classes { name } }
    }
  }
`);

export const CreateDatasetDocument = graphql(`
  mutation CreateDataset($teamId: ID!, $name: String!) {
    createDataset(teamId: $teamId, name: $name) { id }
  }
`);

export const DatasetPageDocument = graphql(`
  query DatasetPage($id: ID!, $className: String, $split: String, $first: Int!, $offset: Int!) {
    dataset(id: $id) {
      id
      name
      team { id myRole }
      imageCount
      trainCount
      valCount
      revision
      warnings
      createdAt
      classes { name trainCount valCount }
      images(className: $className, split: $split, first: $first, offset: $offset) {
        total
        items { id sha256 fileName className split width height }
      }
    }
  }
`);
