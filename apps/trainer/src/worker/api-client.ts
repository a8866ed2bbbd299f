import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';

/** The API answered with GraphQL errors: the request reached it, so retrying will not help. */
export class ApiRequestError extends Error {
  constructor(
    message: string,
    readonly codes: string[],
    /** Why the API refused, when it says (e.g. LEASE_LOST, RUN_FINISHED). */
    readonly reasons: string[] = [],
  ) {
    super(message);
    this.name = 'ApiRequestError';
  }
}

/** One claim of a run: what every call about the run names, so that a claim taken over is refused. */
export interface RunLease {
  runId: string;
  leaseId: string;
}

/** The header the file routes read the claim's lease id from. */
const LEASE_HEADER = 'x-lease-id';

/** The API could not be reached, answered 5xx or failed internally: worth retrying. */
export class ApiUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ApiUnavailableError';
  }
}

/** A worker's connection to the API: typed GraphQL operations and the file routes, with its token. */
export class ApiClient {
  readonly graphqlUrl: string;

  constructor(
    readonly baseUrl: string,
    readonly token: string,
    private readonly timeoutMs = 30_000,
  ) {
    this.graphqlUrl = `${baseUrl.replace(/\/$/, '')}/graphql`;
  }

  private get headers() {
    return { authorization: `Bearer ${this.token}` };
  }

  async request<TResult, TVariables>(document: TypedDocumentNode<TResult, TVariables>, variables: TVariables): Promise<TResult> {
    const res = await this.fetch(this.graphqlUrl, {
      method: 'POST',
      headers: { ...this.headers, 'content-type': 'application/json' },
      body: JSON.stringify({ query: print(document), variables }),
    });
    const body = (await res.json().catch(() => null)) as { data?: TResult; errors?: { message: string; extensions?: { code?: string; reason?: string } }[] } | null;
    if (body?.errors?.length) {
      // A masked internal error (the database restarting, say) is not a refusal: worth retrying.
      if (body.errors.every((e) => e.extensions?.code === 'INTERNAL_SERVER_ERROR')) {
        throw new ApiUnavailableError(`The API failed internally: ${body.errors.map((e) => e.message).join('; ')}`);
      }
      const reasons = body.errors.flatMap((e) => (e.extensions?.reason ? [e.extensions.reason] : []));
      throw new ApiRequestError(body.errors.map((e) => e.message).join('; '), body.errors.map((e) => e.extensions?.code ?? 'UNKNOWN'), reasons);
    }
    if (!body?.data) throw new ApiUnavailableError(`The API answered HTTP ${res.status} without data.`);
    return body.data;
  }

  /** GETs a file the API serves to workers (dataset images; checkpoints, which name the claim). */
  async download(url: string, lease?: RunLease): Promise<Buffer> {
    const res = await this.fetch(url, { headers: { ...this.headers, ...(lease && { [LEASE_HEADER]: lease.leaseId }) } });
    if (res.status === 404) throw new ApiRequestError(`Not found: ${url}`, ['NOT_FOUND']);
    if (res.status < 500 && !res.ok) throw await refusal(`GET ${url}`, res);
    if (!res.ok) throw new ApiUnavailableError(`GET ${url} answered HTTP ${res.status}.`);
    return Buffer.from(await res.arrayBuffer());
  }

  /** Uploads a run's finished model files (multipart), as the worker protocol says. */
  async uploadModel(lease: RunLease, files: Record<string, Uint8Array>): Promise<void> {
    const form = new FormData();
    for (const [name, bytes] of Object.entries(files)) form.append(name, new Blob([bytes]), name);
    await this.send('Model upload', `/api/runs/${lease.runId}/model`, { method: 'POST', headers: { ...this.headers, [LEASE_HEADER]: lease.leaseId }, body: form });
  }

  /**
   * Replaces the run's stored checkpoint (the lease holder's latest epoch), for the next attempt to
   * resume from. `epochs`: how many epochs (all phases) it covers; the API refuses a checkpoint
   * ahead of the epochs it stored.
   */
  async uploadCheckpoint(lease: RunLease, bytes: Uint8Array, epochs: number): Promise<void> {
    await this.send('Checkpoint upload', `/api/runs/${lease.runId}/checkpoint`, {
      method: 'PUT',
      headers: { ...this.headers, [LEASE_HEADER]: lease.leaseId, 'x-checkpoint-epochs': String(epochs), 'content-type': 'application/octet-stream' },
      body: bytes,
    });
  }

  /** A request to one of the API's file routes; a refusal says what was refused and why. */
  private async send(what: string, path: string, init: RequestInit): Promise<void> {
    const res = await this.fetch(`${this.baseUrl.replace(/\/$/, '')}${path}`, init);
    if (res.ok) return;
    if (res.status >= 500) throw new ApiUnavailableError(`${what} answered HTTP ${res.status}: ${await res.text()}`);
    throw await refusal(what, res);
  }

  private async fetch(url: string, init: RequestInit): Promise<Response> {
    let res: Response;
    try {
      res = await fetch(url, { ...init, signal: AbortSignal.timeout(this.timeoutMs) });
    } catch (error) {
      throw new ApiUnavailableError(`Cannot reach the API at ${url}: ${(error as Error).cause ? String((error as Error & { cause: unknown }).cause) : (error as Error).message}`);
    }
    if (res.status >= 500 && res.status !== 500) throw new ApiUnavailableError(`${url} answered HTTP ${res.status}.`);
    return res;
  }
}

/** A 4xx answer of a file route (`{ error, code, reason? }`) as the error a GraphQL refusal would be. */
async function refusal(what: string, res: Response): Promise<ApiRequestError> {
  const text = await res.text();
  let body: { code?: string; reason?: string } = {};
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    // Not JSON (a proxy's page): the status says enough.
  }
  return new ApiRequestError(`${what} refused (HTTP ${res.status}): ${text}`, [body.code ?? String(res.status)], body.reason ? [body.reason] : []);
}
