'use client';

import { useState, type FormEvent } from 'react';
import { CopyButton } from '@/components/ui/copy-button';
import { ErrorMessage } from '@/components/ui/error-message';
import { useMutation } from '@/components/ui/use-mutation';
import { CreateApiTokenDocument } from '@/graphql/api-tokens';
import { browserGraphql } from '@/lib/api/browser-graphql';
import { tokenExamples } from './token-examples';

interface ApiTokenPanelProps {
  teamId: string;
  apiUrl: string;
  exampleModelId: string | null;
  exampleRunId: string | null;
}

/** Creates a token, shows it once, and fills the examples in with it. */
export function ApiTokenPanel({ teamId, apiUrl, exampleModelId, exampleRunId }: ApiTokenPanelProps) {
  const { run, pending, error } = useMutation();
  const [created, setCreated] = useState<{ name: string; token: string } | null>(null);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const name = String(new FormData(form).get('name') ?? '');
    const result = await run(() => browserGraphql(CreateApiTokenDocument, { teamId, name }));
    if (result) {
      setCreated({ name: result.createApiToken.name, token: result.createApiToken.token });
      form.reset();
    }
  }

  const examples = tokenExamples({
    apiUrl,
    token: created?.token ?? '<YOUR_API_TOKEN>',
    teamId,
    modelId: exampleModelId ?? '<MODEL_ID>',
    runId: exampleRunId ?? '<RUN_ID>',
  });

  return (
    <div className="stack">
      <section className="card" aria-labelledby="new-token-title">
        <h2 id="new-token-title">Create an API token</h2>
        <form onSubmit={submit} className="form-row">
          <div className="field" style={{ flex: 1, minWidth: 220 }}>
            <label htmlFor="token-name">Token name</label>
            <input id="token-name" name="name" required maxLength={100} placeholder="e.g. nightly-eval script" />
          </div>
          <button type="submit" className="primary" disabled={pending}>
            {pending ? 'Creating…' : 'Create token'}
          </button>
        </form>
        <ErrorMessage error={error} />
        {created ? (
          <div className="alert ok" role="status" style={{ marginTop: '0.9rem' }}>
            <strong>Token “{created.name}” created.</strong> Copy it now: it is shown only once.
            <div className="form-row" style={{ marginTop: '0.5rem' }}>
              <code data-testid="new-api-token" style={{ wordBreak: 'break-all', flex: 1 }}>
                {created.token}
              </code>
              <CopyButton text={created.token} label="Copy the new token" />
            </div>
          </div>
        ) : null}
      </section>
      <section className="card stack" aria-labelledby="examples-title">
        <h2 id="examples-title">Use it from a tool</h2>
        <Example title="Query the team with curl" code={examples.curlQuery} />
        <Example title="Predict with a model" code={examples.predict} />
        <Example title="Watch a run live (graphql-ws)" code={examples.subscription} />
      </section>
    </div>
  );
}

function Example({ title, code }: { title: string; code: string }) {
  return (
    <div>
      <div className="form-row" style={{ justifyContent: 'space-between', marginBottom: '0.35rem' }}>
        <h3>{title}</h3>
        <CopyButton text={code} label={`Copy: ${title}`} />
      </div>
      <pre aria-label={title}>{code}</pre>
    </div>
  );
}
