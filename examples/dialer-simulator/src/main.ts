// Stands in for a fleet of dialers against a running outbound server (see README.md).
import { Progress, showProgress } from './progress-line.js';
import { ServerRefused, simulateDialers } from './simulate-dialers.js';
import { USAGE, UsageError, simulatorOptions } from './simulator-options.js';

try {
  const options = simulatorOptions(process.argv.slice(2), process.env);
  const progress = new Progress();
  const shown = showProgress(progress, process.stdout);
  try {
    await simulateDialers(options, progress);
  } finally {
    shown.stop();
  }
} catch (error) {
  if (error instanceof UsageError) {
    process.stderr.write(`${error.message}\n${USAGE}\n`);
    process.exitCode = 2;
  } else if (error instanceof ServerRefused) {
    process.stderr.write(`${error.message}\n`);
    process.exitCode = 1;
  } else {
    throw error;
  }
}
