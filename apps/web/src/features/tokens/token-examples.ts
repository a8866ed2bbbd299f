interface ExampleInput {
  apiUrl: string;
  token: string;
  teamId: string;
  modelId: string;
  runId: string;
}

/** Copy-ready snippets for a tool using an API token: a query, a prediction, a live subscription. */
export function tokenExamples({ apiUrl, token, teamId, modelId, runId }: ExampleInput) {
  const wsUrl = `${apiUrl.replace(/^http/, 'ws')}/graphql`;
  const curlQuery = [
    `curl -s ${apiUrl}/graphql \\`,
    `  -H 'Authorization: Bearer ${token}' \\`,
    `  -H 'Content-Type: application/json' \\`,
    `  -d '{"query":"{ team(id: \\"${teamId}\\") { name runs(first: 5) { id status bestValAccuracy } models { id name version aliases } } }"}'`,
  ].join('\n');
  const predict = [
    `printf '{"query":"mutation ($m: ID!, $img: String!) { predict(modelId: $m, imageBase64: $img, topK: 3) { label probability } }","variables":{"m":"${modelId}","img":"%s"}}' \\`,
    `  "$(base64 -w0 photo.jpg)" \\`,
    `| curl -s ${apiUrl}/graphql \\`,
    `  -H 'Authorization: Bearer ${token}' \\`,
    `  -H 'Content-Type: application/json' --data-binary @-`,
  ].join('\n');
  const subscription = `// npm install graphql-ws ws   (Node 20+, saved as watch-run.mjs)
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';

const client = createClient({
  url: '${wsUrl}',
  webSocketImpl: WebSocket,
  connectionParams: { authorization: 'Bearer ${token}' },
});

const events = client.iterate({
  query: \`subscription ($runId: ID!) {
    runEvents(runId: $runId) {
      __typename
      ... on RunProgressEvent { progress { phase epoch epochs batch batches etaSeconds } }
      ... on RunEpochEvent { metric { phase epoch loss accuracy valLoss valAccuracy } }
      ... on RunStatusEvent { status error }
    }
  }\`,
  variables: { runId: '${runId}' },
});
for await (const { data } of events) console.log(JSON.stringify(data.runEvents));`;
  return { curlQuery, predict, subscription };
}
