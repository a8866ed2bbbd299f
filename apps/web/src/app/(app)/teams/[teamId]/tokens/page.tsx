import type { Metadata } from 'next';
import { EmptyState } from '@/components/ui/empty-state';
import { PageHead } from '@/components/ui/page-head';
import { env } from '@/env';
import { ApiTokenPanel } from '@/features/tokens/api-token-panel';
import { RevokeTokenButton } from '@/features/tokens/revoke-token-button';
import { TeamApiTokensDocument } from '@/graphql/api-tokens';
import { TeamModelsDocument } from '@/graphql/models';
import { TeamRunsDocument } from '@/graphql/runs';
import { TeamShellDocument } from '@/graphql/teams';
import { loadPage } from '@/lib/api/server-graphql';
import { formatDateTime, personName } from '@/lib/format';
import { canAdminister } from '@/lib/roles';

export const metadata: Metadata = { title: 'API tokens' };

export default async function TokensPage({ params }: { params: Promise<{ teamId: string }> }) {
  const { teamId } = await params;
  const { team: shell } = await loadPage(TeamShellDocument, { id: teamId });
  if (!shell) return null;
  if (!canAdminister(shell.myRole)) {
    return (
      <main className="page">
        <PageHead title="API tokens" />
        <div className="card">
          <EmptyState title="Only admins and owners manage API tokens">
            <p>You are {shell.myRole} in this team. Ask an admin for a token.</p>
          </EmptyState>
        </div>
      </main>
    );
  }
  const [{ team }, { team: withModels }, { team: withRuns }] = await Promise.all([
    loadPage(TeamApiTokensDocument, { id: teamId }),
    loadPage(TeamModelsDocument, { id: teamId }),
    loadPage(TeamRunsDocument, { id: teamId }),
  ]);
  const tokens = team?.apiTokens ?? [];
  return (
    <main className="page stack">
      <PageHead title="API tokens" subtitle="Tokens let scripts and tools use this team over GraphQL, as you, within this team only." />
      <ApiTokenPanel teamId={teamId} apiUrl={env().publicApiUrl} exampleModelId={withModels?.models[0]?.id ?? null} exampleRunId={withRuns?.runs[0]?.id ?? null} />
      <section className="card" aria-labelledby="tokens-title">
        <h2 id="tokens-title">Tokens</h2>
        {tokens.length === 0 ? (
          <EmptyState title="No tokens yet">
            <p>Create one above for each tool, so you can revoke one without breaking the others.</p>
          </EmptyState>
        ) : (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Created</th>
                  <th scope="col">Last used</th>
                  <th scope="col">Status</th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {tokens.map((token) => (
                  <tr key={token.id}>
                    <td>{token.name}</td>
                    <td>
                      {formatDateTime(token.createdAt)} <span className="muted small">by {personName(token.createdBy)}</span>
                    </td>
                    <td>{formatDateTime(token.lastUsedAt)}</td>
                    <td>{token.revokedAt ? <span className="badge FAILED">revoked</span> : <span className="badge SUCCEEDED">active</span>}</td>
                    <td>{token.revokedAt ? null : <RevokeTokenButton id={token.id} name={token.name} />}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </main>
  );
}
