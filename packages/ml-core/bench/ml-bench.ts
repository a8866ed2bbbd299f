// `pnpm bench:ml`: backbone forward throughput per backend and input size, each backbone's forward
// and fine-tuning images/second as training runs them, and epoch time with
// and without the feature cache. JSON lines on stdout, the summary last; see --help.
import { fileURLToPath } from 'node:url';
import { emit, errorMessage } from './bench-lines';
import { parseBenchOptions, UsageError } from './bench-options';
import { measureBackbone } from './measure-backbones';
import { measureEpochs } from './measure-epochs';
import { measureThroughput } from './measure-throughput';
import { runBench } from './run-bench';

let task = 'all';
let backend = 'auto';
try {
  const options = parseBenchOptions(process.argv.slice(2));
  if (options) {
    task = options.task;
    backend = options.backend;
    if (options.task === 'throughput') {
      if (options.backend === 'auto') throw new UsageError('--task throughput needs a named --backend');
      process.exitCode = (await measureThroughput(options, options.backend)) ? 0 : 1;
    } else if (options.task === 'backbones') {
      for (const backbone of options.backbones) await measureBackbone(options, backbone);
    } else if (options.task === 'epochs') {
      for (const size of options.sizes) emit(await measureEpochs(options, options.backend, size));
    } else {
      process.exitCode = await runBench(options, fileURLToPath(import.meta.url));
    }
  }
} catch (error) {
  if (error instanceof UsageError) {
    process.stderr.write(`${error.message}\n`);
    process.exitCode = 2;
  } else {
    if (task !== 'all') emit({ type: 'error', task, backend, message: errorMessage(error) });
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  }
}
