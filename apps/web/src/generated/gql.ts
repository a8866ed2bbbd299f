/* eslint-disable */
import * as types from './graphql';



/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  query TeamApiTokens($id: ID!) {\n    team(id: $id) {\n      id\n      apiTokens { id name createdAt lastUsedAt revokedAt createdBy { id email name } }\n    }\n  }\n": typeof types.TeamApiTokensDocument,
    "\n  mutation CreateApiToken($teamId: ID!, $name: String!) {\n    createApiToken(teamId: $teamId, name: $name) { id name token }\n  }\n": typeof types.CreateApiTokenDocument,
    "\n  mutation RevokeApiToken($id: ID!) {\n    revokeApiToken(id: $id) { id revokedAt }\n  }\n": typeof types.RevokeApiTokenDocument,
    "\n  query CompareRuns($teamId: ID!, $ids: [ID!]) {\n    team(id: $teamId) {\n      id\n      runs(first: 200) { id name status strategy createdAt dataset { name } }\n      runGroups(first: 20) { id kind name createdAt runs { id } }\n    }\n    runs(teamId: $teamId, ids: $ids) {\n      id\n      name\n      status\n      strategy\n      config\n      bestValAccuracy\n      dataset { id name }\n      group { id name }\n      metrics { ...EpochPoint }\n    }\n  }\n": typeof types.CompareRunsDocument,
    "\n  query TeamDatasets($id: ID!) {\n    team(id: $id) {\n      id\n      myRole\n      datasets { id name imageCount trainCount valCount warnings createdAt classes { name } }\n    }\n  }\n": typeof types.TeamDatasetsDocument,
    "\n  mutation CreateDataset($teamId: ID!, $name: String!) {\n    createDataset(teamId: $teamId, name: $name) { id }\n  }\n": typeof types.CreateDatasetDocument,
    "\n  query DatasetPage($id: ID!, $className: String, $split: String, $first: Int!, $offset: Int!) {\n    dataset(id: $id) {\n      id\n      name\n      team { id myRole }\n      imageCount\n      trainCount\n      valCount\n      revision\n      warnings\n      createdAt\n      classes { name trainCount valCount }\n      images(className: $className, split: $split, first: $first, offset: $offset) {\n        total\n        items { id sha256 fileName className split width height }\n      }\n    }\n  }\n": typeof types.DatasetPageDocument,
    "\n  query TeamModels($id: ID!) {\n    team(id: $id) {\n      id\n      models { id name version aliases valAccuracy backbone imageSize createdAt classes run { id name } }\n    }\n  }\n": typeof types.TeamModelsDocument,
    "\n  query ModelPage($id: ID!) {\n    model(id: $id) {\n      id\n      name\n      version\n      classes\n      imageSize\n      backbone\n      valAccuracy\n      confusionMatrix\n      classMetrics { name precision recall f1 support }\n      testEvaluation { accuracy count confusionMatrix classMetrics { name precision recall f1 support } }\n      phaseBests { phase bestEpoch valLoss valAccuracy epochsRun stoppedEarly }\n      aliases\n      createdAt\n      run { id name strategy dataset { id } team { id myRole } }\n    }\n  }\n": typeof types.ModelPageDocument,
    "\n  mutation SetModelAlias($modelId: ID!, $alias: String!) {\n    setModelAlias(modelId: $modelId, alias: $alias) { id aliases }\n  }\n": typeof types.SetModelAliasDocument,
    "\n  mutation Predict($modelId: ID!, $imageBase64: String!, $topK: Int) {\n    predict(modelId: $modelId, imageBase64: $imageBase64, topK: $topK) { label probability }\n  }\n": typeof types.PredictDocument,
    "\n  query ModelPredictions($id: ID!, $first: Int, $after: String, $trueClass: String, $predictedClass: String, $split: PredictionSplit) {\n    model(id: $id) {\n      id\n      predictions(first: $first, after: $after, trueClass: $trueClass, predictedClass: $predictedClass, split: $split) {\n        totalCount\n        hasNextPage\n        endCursor\n        items { imageSha256 trueClass predictedClass confidence loss image { id className } }\n      }\n    }\n  }\n": typeof types.ModelPredictionsDocument,
    "\n  mutation MoveDatasetImage($imageId: ID!, $className: String!) {\n    moveDatasetImage(imageId: $imageId, className: $className) { id className }\n  }\n": typeof types.MoveDatasetImageDocument,
    "\n  mutation DeleteDatasetImage($imageId: ID!) {\n    deleteDatasetImage(imageId: $imageId) { id revision }\n  }\n": typeof types.DeleteDatasetImageDocument,
    "\n  fragment EpochPoint on EpochMetric {\n    phase epoch loss accuracy valLoss valAccuracy learningRate durationMs imagesPerSecond at\n  }\n": typeof types.EpochPointFragmentDoc,
    "\n  fragment RunProgressFields on RunProgress { phase epoch epochs batch batches etaSeconds }\n": typeof types.RunProgressFieldsFragmentDoc,
    "\n  fragment RunState on Run {\n    id\n    status\n    error\n    failure { code kind message }\n    startedAt\n    finishedAt\n    bestValAccuracy\n    attempts\n    worker { name backend device frozenEngine }\n    model { id name version valAccuracy testEvaluation { accuracy count } }\n  }\n": typeof types.RunStateFragmentDoc,
    "\n  fragment RunDetailFields on Run {\n    ...RunState\n    name\n    strategy\n    config\n    createdAt\n    createdBy { id email name }\n    dataset { id name }\n    team { id myRole }\n    metrics { ...EpochPoint }\n    progress { ...RunProgressFields }\n    featureCache { hits misses }\n  }\n": typeof types.RunDetailFieldsFragmentDoc,
    "\n  query RunDetail($id: ID!) {\n    run(id: $id) { ...RunDetailFields }\n  }\n": typeof types.RunDetailDocument,
    "\n  subscription RunEvents($runId: ID!) {\n    runEvents(runId: $runId) {\n      __typename\n      ... on RunProgressEvent { progress { ...RunProgressFields } }\n      ... on RunEpochEvent { metric { ...EpochPoint } }\n      ... on RunStatusEvent { status error run { ...RunState } }\n    }\n  }\n": typeof types.RunEventsDocument,
    "\n  fragment LadderComparisonFields on LadderComparison {\n    transferGain\n    fineTuneGain\n    fineTuneHelped\n    rungs { strategy valAccuracy testAccuracy wallTimeSeconds imagesPerSecond run { id } }\n  }\n": typeof types.LadderComparisonFieldsFragmentDoc,
    "\n  query RunGroupPage($id: ID!) {\n    runGroup(id: $id) {\n      id\n      kind\n      name\n      createdAt\n      createdBy { id email name }\n      runs { ...RunDetailFields }\n      comparison { ...LadderComparisonFields }\n      sweep { ...SweepRankingFields }\n    }\n  }\n": typeof types.RunGroupPageDocument,
    "\n  query LadderComparison($id: ID!) {\n    runGroup(id: $id) { id comparison { ...LadderComparisonFields } }\n  }\n": typeof types.LadderComparisonDocument,
    "\n  mutation StartLadder($input: StartLadderInput!) {\n    startLadder(input: $input) { id }\n  }\n": typeof types.StartLadderDocument,
    "\n  fragment SweepRankingFields on SweepRanking {\n    finished\n    grid { learningRate fineTuneLearningRate unfreezeFrom dropout imageSize }\n    entries {\n      rank\n      valAccuracy\n      testAccuracy\n      wallTimeSeconds\n      params { learningRate fineTuneLearningRate unfreezeFrom dropout imageSize }\n      run { id name status }\n    }\n    best { run { id name model { id name version aliases } } }\n  }\n": typeof types.SweepRankingFieldsFragmentDoc,
    "\n  query SweepRanking($id: ID!) {\n    runGroup(id: $id) { id sweep { ...SweepRankingFields } }\n  }\n": typeof types.SweepRankingDocument,
    "\n  mutation StartSweep($input: StartSweepInput!) {\n    startSweep(input: $input) { id }\n  }\n": typeof types.StartSweepDocument,
    "\n  query CompareGroup($id: ID!) {\n    runGroup(id: $id) { id kind name runs { id } }\n  }\n": typeof types.CompareGroupDocument,
    "\n  fragment RunSummary on Run {\n    id\n    name\n    status\n    strategy\n    bestValAccuracy\n    createdAt\n    startedAt\n    finishedAt\n    createdBy { id email name }\n    dataset { id name }\n    group { id }\n  }\n": typeof types.RunSummaryFragmentDoc,
    "\n  query TeamRuns($id: ID!) {\n    team(id: $id) { id myRole runs(first: 200) { ...RunSummary } }\n  }\n": typeof types.TeamRunsDocument,
    "\n  subscription TeamRunsLive($teamId: ID!) {\n    teamRuns(teamId: $teamId) { ...RunSummary }\n  }\n": typeof types.TeamRunsLiveDocument,
    "\n  query NewRunOptions($id: ID!) {\n    team(id: $id) { id myRole datasets { id name imageCount trainCount valCount classes { name } } weights { id name backbone alpha } }\n    imagenetWeights { backbone alpha fileName }\n  }\n": typeof types.NewRunOptionsDocument,
    "\n  mutation StartRun($input: StartRunInput!) {\n    startRun(input: $input) { id }\n  }\n": typeof types.StartRunDocument,
    "\n  mutation CancelRun($id: ID!) {\n    cancelRun(id: $id) { id status }\n  }\n": typeof types.CancelRunDocument,
    "\n  mutation SignUp($email: String!, $password: String!, $name: String) {\n    signUp(email: $email, password: $password, name: $name) { token user { id } }\n  }\n": typeof types.SignUpDocument,
    "\n  mutation SignIn($email: String!, $password: String!) {\n    signIn(email: $email, password: $password) { token user { id } }\n  }\n": typeof types.SignInDocument,
    "\n  mutation SignOut { signOut }\n": typeof types.SignOutDocument,
    "\n  query Me {\n    me { id email name teams { id name myRole } }\n  }\n": typeof types.MeDocument,
    "\n  mutation CreateTeam($name: String!) {\n    createTeam(name: $name) { id name }\n  }\n": typeof types.CreateTeamDocument,
    "\n  query TeamShell($id: ID!) {\n    team(id: $id) { id name myRole }\n  }\n": typeof types.TeamShellDocument,
    "\n  query TeamMembers($id: ID!) {\n    team(id: $id) { id myRole members { role user { id email name } } }\n  }\n": typeof types.TeamMembersDocument,
    "\n  mutation AddTeamMember($teamId: ID!, $email: String!, $role: TeamRole!) {\n    addTeamMember(teamId: $teamId, email: $email, role: $role) { role user { id email } }\n  }\n": typeof types.AddTeamMemberDocument,
    "\n  mutation UpdateTeamMember($teamId: ID!, $userId: ID!, $role: TeamRole!) {\n    updateTeamMember(teamId: $teamId, userId: $userId, role: $role) { role user { id } }\n  }\n": typeof types.UpdateTeamMemberDocument,
    "\n  mutation RemoveTeamMember($teamId: ID!, $userId: ID!) {\n    removeTeamMember(teamId: $teamId, userId: $userId)\n  }\n": typeof types.RemoveTeamMemberDocument,
    "\n  query TeamWeights($id: ID!) {\n    team(id: $id) {\n      id\n      myRole\n      weights { id name backbone alpha format sha256 sizeBytes createdAt createdBy { id email name } }\n    }\n    imagenetWeights { fileName backbone alpha sizeBytes createdAt }\n  }\n": typeof types.TeamWeightsDocument,
    "\n  mutation DeleteBackboneWeights($id: ID!) {\n    deleteBackboneWeights(id: $id)\n  }\n": typeof types.DeleteBackboneWeightsDocument,
};
const documents: Documents = {
    "\n  query TeamApiTokens($id: ID!) {\n    team(id: $id) {\n      id\n      apiTokens { id name createdAt lastUsedAt revokedAt createdBy { id email name } }\n    }\n  }\n": types.TeamApiTokensDocument,
    "\n  mutation CreateApiToken($teamId: ID!, $name: String!) {\n    createApiToken(teamId: $teamId, name: $name) { id name token }\n  }\n": types.CreateApiTokenDocument,
    "\n  mutation RevokeApiToken($id: ID!) {\n    revokeApiToken(id: $id) { id revokedAt }\n  }\n": types.RevokeApiTokenDocument,
    "\n  query CompareRuns($teamId: ID!, $ids: [ID!]) {\n    team(id: $teamId) {\n      id\n      runs(first: 200) { id name status strategy createdAt dataset { name } }\n      runGroups(first: 20) { id kind name createdAt runs { id } }\n    }\n    runs(teamId: $teamId, ids: $ids) {\n      id\n      name\n      status\n      strategy\n      config\n      bestValAccuracy\n      dataset { id name }\n      group { id name }\n      metrics { ...EpochPoint }\n    }\n  }\n": types.CompareRunsDocument,
    "\n  query TeamDatasets($id: ID!) {\n    team(id: $id) {\n      id\n      myRole\n      datasets { id name imageCount trainCount valCount warnings createdAt classes { name } }\n    }\n  }\n": types.TeamDatasetsDocument,
    "\n  mutation CreateDataset($teamId: ID!, $name: String!) {\n    createDataset(teamId: $teamId, name: $name) { id }\n  }\n": types.CreateDatasetDocument,
    "\n  query DatasetPage($id: ID!, $className: String, $split: String, $first: Int!, $offset: Int!) {\n    dataset(id: $id) {\n      id\n      name\n      team { id myRole }\n      imageCount\n      trainCount\n      valCount\n      revision\n      warnings\n      createdAt\n      classes { name trainCount valCount }\n      images(className: $className, split: $split, first: $first, offset: $offset) {\n        total\n        items { id sha256 fileName className split width height }\n      }\n    }\n  }\n": types.DatasetPageDocument,
    "\n  query TeamModels($id: ID!) {\n    team(id: $id) {\n      id\n      models { id name version aliases valAccuracy backbone imageSize createdAt classes run { id name } }\n    }\n  }\n": types.TeamModelsDocument,
    "\n  query ModelPage($id: ID!) {\n    model(id: $id) {\n      id\n      name\n      version\n      classes\n      imageSize\n      backbone\n      valAccuracy\n      confusionMatrix\n      classMetrics { name precision recall f1 support }\n      testEvaluation { accuracy count confusionMatrix classMetrics { name precision recall f1 support } }\n      phaseBests { phase bestEpoch valLoss valAccuracy epochsRun stoppedEarly }\n      aliases\n      createdAt\n      run { id name strategy dataset { id } team { id myRole } }\n    }\n  }\n": types.ModelPageDocument,
    "\n  mutation SetModelAlias($modelId: ID!, $alias: String!) {\n    setModelAlias(modelId: $modelId, alias: $alias) { id aliases }\n  }\n": types.SetModelAliasDocument,
    "\n  mutation Predict($modelId: ID!, $imageBase64: String!, $topK: Int) {\n    predict(modelId: $modelId, imageBase64: $imageBase64, topK: $topK) { label probability }\n  }\n": types.PredictDocument,
    "\n  query ModelPredictions($id: ID!, $first: Int, $after: String, $trueClass: String, $predictedClass: String, $split: PredictionSplit) {\n    model(id: $id) {\n      id\n      predictions(first: $first, after: $after, trueClass: $trueClass, predictedClass: $predictedClass, split: $split) {\n        totalCount\n        hasNextPage\n        endCursor\n        items { imageSha256 trueClass predictedClass confidence loss image { id className } }\n      }\n    }\n  }\n": types.ModelPredictionsDocument,
    "\n  mutation MoveDatasetImage($imageId: ID!, $className: String!) {\n    moveDatasetImage(imageId: $imageId, className: $className) { id className }\n  }\n": types.MoveDatasetImageDocument,
    "\n  mutation DeleteDatasetImage($imageId: ID!) {\n    deleteDatasetImage(imageId: $imageId) { id revision }\n  }\n": types.DeleteDatasetImageDocument,
    "\n  fragment EpochPoint on EpochMetric {\n    phase epoch loss accuracy valLoss valAccuracy learningRate durationMs imagesPerSecond at\n  }\n": types.EpochPointFragmentDoc,
    "\n  fragment RunProgressFields on RunProgress { phase epoch epochs batch batches etaSeconds }\n": types.RunProgressFieldsFragmentDoc,
    "\n  fragment RunState on Run {\n    id\n    status\n    error\n    failure { code kind message }\n    startedAt\n    finishedAt\n    bestValAccuracy\n    attempts\n    worker { name backend device frozenEngine }\n    model { id name version valAccuracy testEvaluation { accuracy count } }\n  }\n": types.RunStateFragmentDoc,
    "\n  fragment RunDetailFields on Run {\n    ...RunState\n    name\n    strategy\n    config\n    createdAt\n    createdBy { id email name }\n    dataset { id name }\n    team { id myRole }\n    metrics { ...EpochPoint }\n    progress { ...RunProgressFields }\n    featureCache { hits misses }\n  }\n": types.RunDetailFieldsFragmentDoc,
    "\n  query RunDetail($id: ID!) {\n    run(id: $id) { ...RunDetailFields }\n  }\n": types.RunDetailDocument,
    "\n  subscription RunEvents($runId: ID!) {\n    runEvents(runId: $runId) {\n      __typename\n      ... on RunProgressEvent { progress { ...RunProgressFields } }\n      ... on RunEpochEvent { metric { ...EpochPoint } }\n      ... on RunStatusEvent { status error run { ...RunState } }\n    }\n  }\n": types.RunEventsDocument,
    "\n  fragment LadderComparisonFields on LadderComparison {\n    transferGain\n    fineTuneGain\n    fineTuneHelped\n    rungs { strategy valAccuracy testAccuracy wallTimeSeconds imagesPerSecond run { id } }\n  }\n": types.LadderComparisonFieldsFragmentDoc,
    "\n  query RunGroupPage($id: ID!) {\n    runGroup(id: $id) {\n      id\n      kind\n      name\n      createdAt\n      createdBy { id email name }\n      runs { ...RunDetailFields }\n      comparison { ...LadderComparisonFields }\n      sweep { ...SweepRankingFields }\n    }\n  }\n": types.RunGroupPageDocument,
    "\n  query LadderComparison($id: ID!) {\n    runGroup(id: $id) { id comparison { ...LadderComparisonFields } }\n  }\n": types.LadderComparisonDocument,
    "\n  mutation StartLadder($input: StartLadderInput!) {\n    startLadder(input: $input) { id }\n  }\n": types.StartLadderDocument,
    "\n  fragment SweepRankingFields on SweepRanking {\n    finished\n    grid { learningRate fineTuneLearningRate unfreezeFrom dropout imageSize }\n    entries {\n      rank\n      valAccuracy\n      testAccuracy\n      wallTimeSeconds\n      params { learningRate fineTuneLearningRate unfreezeFrom dropout imageSize }\n      run { id name status }\n    }\n    best { run { id name model { id name version aliases } } }\n  }\n": types.SweepRankingFieldsFragmentDoc,
    "\n  query SweepRanking($id: ID!) {\n    runGroup(id: $id) { id sweep { ...SweepRankingFields } }\n  }\n": types.SweepRankingDocument,
    "\n  mutation StartSweep($input: StartSweepInput!) {\n    startSweep(input: $input) { id }\n  }\n": types.StartSweepDocument,
    "\n  query CompareGroup($id: ID!) {\n    runGroup(id: $id) { id kind name runs { id } }\n  }\n": types.CompareGroupDocument,
    "\n  fragment RunSummary on Run {\n    id\n    name\n    status\n    strategy\n    bestValAccuracy\n    createdAt\n    startedAt\n    finishedAt\n    createdBy { id email name }\n    dataset { id name }\n    group { id }\n  }\n": types.RunSummaryFragmentDoc,
    "\n  query TeamRuns($id: ID!) {\n    team(id: $id) { id myRole runs(first: 200) { ...RunSummary } }\n  }\n": types.TeamRunsDocument,
    "\n  subscription TeamRunsLive($teamId: ID!) {\n    teamRuns(teamId: $teamId) { ...RunSummary }\n  }\n": types.TeamRunsLiveDocument,
    "\n  query NewRunOptions($id: ID!) {\n    team(id: $id) { id myRole datasets { id name imageCount trainCount valCount classes { name } } weights { id name backbone alpha } }\n    imagenetWeights { backbone alpha fileName }\n  }\n": types.NewRunOptionsDocument,
    "\n  mutation StartRun($input: StartRunInput!) {\n    startRun(input: $input) { id }\n  }\n": types.StartRunDocument,
    "\n  mutation CancelRun($id: ID!) {\n    cancelRun(id: $id) { id status }\n  }\n": types.CancelRunDocument,
    "\n  mutation SignUp($email: String!, $password: String!, $name: String) {\n    signUp(email: $email, password: $password, name: $name) { token user { id } }\n  }\n": types.SignUpDocument,
    "\n  mutation SignIn($email: String!, $password: String!) {\n    signIn(email: $email, password: $password) { token user { id } }\n  }\n": types.SignInDocument,
    "\n  mutation SignOut { signOut }\n": types.SignOutDocument,
    "\n  query Me {\n    me { id email name teams { id name myRole } }\n  }\n": types.MeDocument,
    "\n  mutation CreateTeam($name: String!) {\n    createTeam(name: $name) { id name }\n  }\n": types.CreateTeamDocument,
    "\n  query TeamShell($id: ID!) {\n    team(id: $id) { id name myRole }\n  }\n": types.TeamShellDocument,
    "\n  query TeamMembers($id: ID!) {\n    team(id: $id) { id myRole members { role user { id email name } } }\n  }\n": types.TeamMembersDocument,
    "\n  mutation AddTeamMember($teamId: ID!, $email: String!, $role: TeamRole!) {\n    addTeamMember(teamId: $teamId, email: $email, role: $role) { role user { id email } }\n  }\n": types.AddTeamMemberDocument,
    "\n  mutation UpdateTeamMember($teamId: ID!, $userId: ID!, $role: TeamRole!) {\n    updateTeamMember(teamId: $teamId, userId: $userId, role: $role) { role user { id } }\n  }\n": types.UpdateTeamMemberDocument,
    "\n  mutation RemoveTeamMember($teamId: ID!, $userId: ID!) {\n    removeTeamMember(teamId: $teamId, userId: $userId)\n  }\n": types.RemoveTeamMemberDocument,
    "\n  query TeamWeights($id: ID!) {\n    team(id: $id) {\n      id\n      myRole\n      weights { id name backbone alpha format sha256 sizeBytes createdAt createdBy { id email name } }\n    }\n    imagenetWeights { fileName backbone alpha sizeBytes createdAt }\n  }\n": types.TeamWeightsDocument,
    "\n  mutation DeleteBackboneWeights($id: ID!) {\n    deleteBackboneWeights(id: $id)\n  }\n": types.DeleteBackboneWeightsDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query TeamApiTokens($id: ID!) {\n    team(id: $id) {\n      id\n      apiTokens { id name createdAt lastUsedAt revokedAt createdBy { id email name } }\n    }\n  }\n"): typeof import('./graphql').TeamApiTokensDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateApiToken($teamId: ID!, $name: String!) {\n    createApiToken(teamId: $teamId, name: $name) { id name token }\n  }\n"): typeof import('./graphql').CreateApiTokenDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RevokeApiToken($id: ID!) {\n    revokeApiToken(id: $id) { id revokedAt }\n  }\n"): typeof import('./graphql').RevokeApiTokenDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CompareRuns($teamId: ID!, $ids: [ID!]) {\n    team(id: $teamId) {\n      id\n      runs(first: 200) { id name status strategy createdAt dataset { name } }\n      runGroups(first: 20) { id kind name createdAt runs { id } }\n    }\n    runs(teamId: $teamId, ids: $ids) {\n      id\n      name\n      status\n      strategy\n      config\n      bestValAccuracy\n      dataset { id name }\n      group { id name }\n      metrics { ...EpochPoint }\n    }\n  }\n"): typeof import('./graphql').CompareRunsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query TeamDatasets($id: ID!) {\n    team(id: $id) {\n      id\n      myRole\n      datasets { id name imageCount trainCount valCount warnings createdAt classes { name } }\n    }\n  }\n"): typeof import('./graphql').TeamDatasetsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateDataset($teamId: ID!, $name: String!) {\n    createDataset(teamId: $teamId, name: $name) { id }\n  }\n"): typeof import('./graphql').CreateDatasetDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query DatasetPage($id: ID!, $className: String, $split: String, $first: Int!, $offset: Int!) {\n    dataset(id: $id) {\n      id\n      name\n      team { id myRole }\n      imageCount\n      trainCount\n      valCount\n      revision\n      warnings\n      createdAt\n      classes { name trainCount valCount }\n      images(className: $className, split: $split, first: $first, offset: $offset) {\n        total\n        items { id sha256 fileName className split width height }\n      }\n    }\n  }\n"): typeof import('./graphql').DatasetPageDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query TeamModels($id: ID!) {\n    team(id: $id) {\n      id\n      models { id name version aliases valAccuracy backbone imageSize createdAt classes run { id name } }\n    }\n  }\n"): typeof import('./graphql').TeamModelsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ModelPage($id: ID!) {\n    model(id: $id) {\n      id\n      name\n      version\n      classes\n      imageSize\n      backbone\n      valAccuracy\n      confusionMatrix\n      classMetrics { name precision recall f1 support }\n      testEvaluation { accuracy count confusionMatrix classMetrics { name precision recall f1 support } }\n      phaseBests { phase bestEpoch valLoss valAccuracy epochsRun stoppedEarly }\n      aliases\n      createdAt\n      run { id name strategy dataset { id } team { id myRole } }\n    }\n  }\n"): typeof import('./graphql').ModelPageDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetModelAlias($modelId: ID!, $alias: String!) {\n    setModelAlias(modelId: $modelId, alias: $alias) { id aliases }\n  }\n"): typeof import('./graphql').SetModelAliasDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Predict($modelId: ID!, $imageBase64: String!, $topK: Int) {\n    predict(modelId: $modelId, imageBase64: $imageBase64, topK: $topK) { label probability }\n  }\n"): typeof import('./graphql').PredictDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ModelPredictions($id: ID!, $first: Int, $after: String, $trueClass: String, $predictedClass: String, $split: PredictionSplit) {\n    model(id: $id) {\n      id\n      predictions(first: $first, after: $after, trueClass: $trueClass, predictedClass: $predictedClass, split: $split) {\n        totalCount\n        hasNextPage\n        endCursor\n        items { imageSha256 trueClass predictedClass confidence loss image { id className } }\n      }\n    }\n  }\n"): typeof import('./graphql').ModelPredictionsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation MoveDatasetImage($imageId: ID!, $className: String!) {\n    moveDatasetImage(imageId: $imageId, className: $className) { id className }\n  }\n"): typeof import('./graphql').MoveDatasetImageDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteDatasetImage($imageId: ID!) {\n    deleteDatasetImage(imageId: $imageId) { id revision }\n  }\n"): typeof import('./graphql').DeleteDatasetImageDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment EpochPoint on EpochMetric {\n    phase epoch loss accuracy valLoss valAccuracy learningRate durationMs imagesPerSecond at\n  }\n"): typeof import('./graphql').EpochPointFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment RunProgressFields on RunProgress { phase epoch epochs batch batches etaSeconds }\n"): typeof import('./graphql').RunProgressFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment RunState on Run {\n    id\n    status\n    error\n    failure { code kind message }\n    startedAt\n    finishedAt\n    bestValAccuracy\n    attempts\n    worker { name backend device frozenEngine }\n    model { id name version valAccuracy testEvaluation { accuracy count } }\n  }\n"): typeof import('./graphql').RunStateFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment RunDetailFields on Run {\n    ...RunState\n    name\n    strategy\n    config\n    createdAt\n    createdBy { id email name }\n    dataset { id name }\n    team { id myRole }\n    metrics { ...EpochPoint }\n    progress { ...RunProgressFields }\n    featureCache { hits misses }\n  }\n"): typeof import('./graphql').RunDetailFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query RunDetail($id: ID!) {\n    run(id: $id) { ...RunDetailFields }\n  }\n"): typeof import('./graphql').RunDetailDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription RunEvents($runId: ID!) {\n    runEvents(runId: $runId) {\n      __typename\n      ... on RunProgressEvent { progress { ...RunProgressFields } }\n      ... on RunEpochEvent { metric { ...EpochPoint } }\n      ... on RunStatusEvent { status error run { ...RunState } }\n    }\n  }\n"): typeof import('./graphql').RunEventsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment LadderComparisonFields on LadderComparison {\n    transferGain\n    fineTuneGain\n    fineTuneHelped\n    rungs { strategy valAccuracy testAccuracy wallTimeSeconds imagesPerSecond run { id } }\n  }\n"): typeof import('./graphql').LadderComparisonFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query RunGroupPage($id: ID!) {\n    runGroup(id: $id) {\n      id\n      kind\n      name\n      createdAt\n      createdBy { id email name }\n      runs { ...RunDetailFields }\n      comparison { ...LadderComparisonFields }\n      sweep { ...SweepRankingFields }\n    }\n  }\n"): typeof import('./graphql').RunGroupPageDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query LadderComparison($id: ID!) {\n    runGroup(id: $id) { id comparison { ...LadderComparisonFields } }\n  }\n"): typeof import('./graphql').LadderComparisonDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation StartLadder($input: StartLadderInput!) {\n    startLadder(input: $input) { id }\n  }\n"): typeof import('./graphql').StartLadderDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment SweepRankingFields on SweepRanking {\n    finished\n    grid { learningRate fineTuneLearningRate unfreezeFrom dropout imageSize }\n    entries {\n      rank\n      valAccuracy\n      testAccuracy\n      wallTimeSeconds\n      params { learningRate fineTuneLearningRate unfreezeFrom dropout imageSize }\n      run { id name status }\n    }\n    best { run { id name model { id name version aliases } } }\n  }\n"): typeof import('./graphql').SweepRankingFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SweepRanking($id: ID!) {\n    runGroup(id: $id) { id sweep { ...SweepRankingFields } }\n  }\n"): typeof import('./graphql').SweepRankingDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation StartSweep($input: StartSweepInput!) {\n    startSweep(input: $input) { id }\n  }\n"): typeof import('./graphql').StartSweepDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CompareGroup($id: ID!) {\n    runGroup(id: $id) { id kind name runs { id } }\n  }\n"): typeof import('./graphql').CompareGroupDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment RunSummary on Run {\n    id\n    name\n    status\n    strategy\n    bestValAccuracy\n    createdAt\n    startedAt\n    finishedAt\n    createdBy { id email name }\n    dataset { id name }\n    group { id }\n  }\n"): typeof import('./graphql').RunSummaryFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query TeamRuns($id: ID!) {\n    team(id: $id) { id myRole runs(first: 200) { ...RunSummary } }\n  }\n"): typeof import('./graphql').TeamRunsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription TeamRunsLive($teamId: ID!) {\n    teamRuns(teamId: $teamId) { ...RunSummary }\n  }\n"): typeof import('./graphql').TeamRunsLiveDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query NewRunOptions($id: ID!) {\n    team(id: $id) { id myRole datasets { id name imageCount trainCount valCount classes { name } } weights { id name backbone alpha } }\n    imagenetWeights { backbone alpha fileName }\n  }\n"): typeof import('./graphql').NewRunOptionsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation StartRun($input: StartRunInput!) {\n    startRun(input: $input) { id }\n  }\n"): typeof import('./graphql').StartRunDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CancelRun($id: ID!) {\n    cancelRun(id: $id) { id status }\n  }\n"): typeof import('./graphql').CancelRunDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SignUp($email: String!, $password: String!, $name: String) {\n    signUp(email: $email, password: $password, name: $name) { token user { id } }\n  }\n"): typeof import('./graphql').SignUpDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SignIn($email: String!, $password: String!) {\n    signIn(email: $email, password: $password) { token user { id } }\n  }\n"): typeof import('./graphql').SignInDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SignOut { signOut }\n"): typeof import('./graphql').SignOutDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Me {\n    me { id email name teams { id name myRole } }\n  }\n"): typeof import('./graphql').MeDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateTeam($name: String!) {\n    createTeam(name: $name) { id name }\n  }\n"): typeof import('./graphql').CreateTeamDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query TeamShell($id: ID!) {\n    team(id: $id) { id name myRole }\n  }\n"): typeof import('./graphql').TeamShellDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query TeamMembers($id: ID!) {\n    team(id: $id) { id myRole members { role user { id email name } } }\n  }\n"): typeof import('./graphql').TeamMembersDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AddTeamMember($teamId: ID!, $email: String!, $role: TeamRole!) {\n    addTeamMember(teamId: $teamId, email: $email, role: $role) { role user { id email } }\n  }\n"): typeof import('./graphql').AddTeamMemberDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateTeamMember($teamId: ID!, $userId: ID!, $role: TeamRole!) {\n    updateTeamMember(teamId: $teamId, userId: $userId, role: $role) { role user { id } }\n  }\n"): typeof import('./graphql').UpdateTeamMemberDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RemoveTeamMember($teamId: ID!, $userId: ID!) {\n    removeTeamMember(teamId: $teamId, userId: $userId)\n  }\n"): typeof import('./graphql').RemoveTeamMemberDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query TeamWeights($id: ID!) {\n    team(id: $id) {\n      id\n      myRole\n      weights { id name backbone alpha format sha256 sizeBytes createdAt createdBy { id email name } }\n    }\n    imagenetWeights { fileName backbone alpha sizeBytes createdAt }\n  }\n"): typeof import('./graphql').TeamWeightsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteBackboneWeights($id: ID!) {\n    deleteBackboneWeights(id: $id)\n  }\n"): typeof import('./graphql').DeleteBackboneWeightsDocument;


export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}
