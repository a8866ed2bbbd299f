// The client process of the API bench: started by client-process.ts, it receives one task over
// the IPC channel, runs it against the API in the parent process, and sends the result back.
import { errorMessage } from './bench-lines';
import type { ClientResult, ClientTask } from './client-tasks';
import { measureMetricsQuery } from './measure-metrics-query';
import { measureSubscribers } from './measure-subscribers';

function run(task: ClientTask): Promise<ClientResult> {
  switch (task.kind) {
    case 'subscribers':
      return measureSubscribers(task);
    case 'metricsQuery':
      return measureMetricsQuery(task);
  }
}

if (!process.send) throw new Error('clients.ts runs as a child of api-bench.ts (it needs the IPC channel).');
process.once('message', (task: ClientTask) => {
  run(task).then(
    (result) => process.send!({ ok: true, result }, () => process.disconnect()),
    (error: unknown) => process.send!({ ok: false, error: errorMessage(error) }, () => process.disconnect()),
  );
});
