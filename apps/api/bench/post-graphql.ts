/** One GraphQL request over HTTP; answers the parsed body and its size in bytes. Throws on HTTP failure or GraphQL errors. */
export async function postGraphql<T>(url: string, query: string, variables: Record<string, unknown>, token: string): Promise<{ data: T; bytes: number }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`HTTP ${res.status}: ${text.slice(0, 300)}`);
  const body = JSON.parse(text) as { data?: T; errors?: unknown[] };
  if (body.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(body.errors).slice(0, 300)}`);
  return { data: body.data as T, bytes: Buffer.byteLength(text) };
}

export const REPORT_PROGRESS = 'mutation ($runId: ID!, $leaseId: ID!, $progress: RunProgressInput!) { reportProgress(runId: $runId, leaseId: $leaseId, progress: $progress) }';
export const REPORT_EPOCH = 'mutation ($runId: ID!, $leaseId: ID!, $metric: EpochMetricInput!) { reportEpoch(runId: $runId, leaseId: $leaseId, metric: $metric) }';
export const CLAIM_RUN = 'mutation ($worker: WorkerInfoInput!) { claimRun(worker: $worker) { run { id status } leaseId } }';
