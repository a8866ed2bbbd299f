import { Command, CommanderError } from 'commander';
import { readEnv } from './env';
import { registerDemoCommands } from './commands/demo';
import { registerEmbedCommand } from './commands/embed';
import { registerEvaluateCommand } from './commands/evaluate';
import { registerPredictCommand } from './commands/predict';
import { registerThroughputCommand } from './commands/throughput';
import { registerTrainCommand } from './commands/train';
import { registerWeightsCommand } from './commands/weights';
import { registerWeightsUploadCommand } from './commands/weights-upload';
import { registerWorkerCommand } from './commands/worker';
import { reportFailure } from './report-failure';

const env = (() => {
  try {
    return readEnv();
  } catch (error) {
    process.stderr.write(`transferlab: ${(error as Error).message}\n`);
    process.exit(2);
  }
})();

const program = new Command('transferlab')
  .description('Train image classifiers from a few hundred images per class by transfer learning.')
  .showHelpAfterError('(run with --help for usage)')
  .exitOverride();

registerTrainCommand(program, env);
registerEvaluateCommand(program, env);
registerPredictCommand(program, env);
registerEmbedCommand(program, env);
registerWeightsCommand(program, env);
registerWeightsUploadCommand(program, env);
registerDemoCommands(program, env);
registerWorkerCommand(program, env);
registerThroughputCommand(program, env);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) process.exit(error.exitCode);
  process.exit(reportFailure(error, env.debug));
}
