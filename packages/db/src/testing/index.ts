export { createTestDatabase, type TestDatabase } from './test-database';
export {
  addMember,
  createDataset,
  createDatasetImage,
  createEpochMetric,
  createModel,
  createRun,
  createTeam,
  createUser,
  fakeSha256,
} from './factories';
