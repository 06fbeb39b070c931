import { ClockToken, LoggerToken, systemClock, type Clock, type Logger } from '@outbound/domain';
import { ContainerModule } from 'inversify';

/** What varies between runs and comes in from the edge: the logger, and the time. */
export interface Edges {
  readonly logger: Logger;
  /** The system's clock unless told otherwise (a test's fixed one). */
  readonly clock?: Clock;
}

/** Binds the edges every use case and adapter is given. */
export function edgesModule({ logger, clock = systemClock }: Edges): ContainerModule {
  return new ContainerModule(({ bind }) => {
    bind<Logger>(LoggerToken).toConstantValue(logger);
    bind<Clock>(ClockToken).toConstantValue(clock);
  });
}
