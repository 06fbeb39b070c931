export {
  aWorkingFolder,
  runOutbound,
  startOutbound,
  type Finished,
  type OutboundProcess,
  type RunOptions,
} from './outbound-process.js';
