// Relations for drizzle's relational queries (`db.query.runs.findMany({ with: { metrics: true } })`).
// They add no SQL: the foreign keys are declared on the tables.
import { relations } from 'drizzle-orm';
import { apiTokens } from './auth/api-tokens';
import { sessions } from './auth/sessions';
import { datasetImages } from './datasets/dataset-images';
import { datasets } from './datasets/datasets';
import { modelAliases } from './models/model-aliases';
import { models } from './models/models';
import { epochMetrics } from './runs/epoch-metrics';
import { runGroups } from './runs/run-groups';
import { runs } from './runs/runs';
import { teamMembers } from './teams/team-members';
import { teams } from './teams/teams';
import { users } from './users/users';

export const usersRelations = relations(users, ({ many }) => ({
  memberships: many(teamMembers),
  sessions: many(sessions),
}));

export const sessionsRelations = relations(sessions, ({ one }) => ({
  user: one(users, { fields: [sessions.userId], references: [users.id] }),
}));

export const apiTokensRelations = relations(apiTokens, ({ one }) => ({
  team: one(teams, { fields: [apiTokens.teamId], references: [teams.id] }),
  creator: one(users, { fields: [apiTokens.createdBy], references: [users.id] }),
}));

export const teamsRelations = relations(teams, ({ many }) => ({
  members: many(teamMembers),
  datasets: many(datasets),
  runs: many(runs),
  models: many(models),
  apiTokens: many(apiTokens),
}));

export const teamMembersRelations = relations(teamMembers, ({ one }) => ({
  team: one(teams, { fields: [teamMembers.teamId], references: [teams.id] }),
  user: one(users, { fields: [teamMembers.userId], references: [users.id] }),
}));

export const datasetsRelations = relations(datasets, ({ one, many }) => ({
  team: one(teams, { fields: [datasets.teamId], references: [teams.id] }),
  creator: one(users, { fields: [datasets.createdBy], references: [users.id] }),
  images: many(datasetImages),
  runs: many(runs),
}));

export const datasetImagesRelations = relations(datasetImages, ({ one }) => ({
  dataset: one(datasets, { fields: [datasetImages.datasetId], references: [datasets.id] }),
}));

export const runsRelations = relations(runs, ({ one, many }) => ({
  team: one(teams, { fields: [runs.teamId], references: [teams.id] }),
  dataset: one(datasets, { fields: [runs.datasetId], references: [datasets.id] }),
  creator: one(users, { fields: [runs.createdBy], references: [users.id] }),
  group: one(runGroups, { fields: [runs.groupId], references: [runGroups.id] }),
  metrics: many(epochMetrics),
  model: one(models),
}));

export const epochMetricsRelations = relations(epochMetrics, ({ one }) => ({
  run: one(runs, { fields: [epochMetrics.runId], references: [runs.id] }),
}));

export const modelsRelations = relations(models, ({ one, many }) => ({
  team: one(teams, { fields: [models.teamId], references: [teams.id] }),
  run: one(runs, { fields: [models.runId], references: [runs.id] }),
  aliases: many(modelAliases),
}));

export const modelAliasesRelations = relations(modelAliases, ({ one }) => ({
  team: one(teams, { fields: [modelAliases.teamId], references: [teams.id] }),
  model: one(models, { fields: [modelAliases.modelId], references: [models.id] }),
}));

export const runGroupsRelations = relations(runGroups, ({ one, many }) => ({
  team: one(teams, { fields: [runGroups.teamId], references: [teams.id] }),
  creator: one(users, { fields: [runGroups.createdBy], references: [users.id] }),
  runs: many(runs),
}));
