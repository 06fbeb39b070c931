import {
  CampaignUploaderToken,
  ClockToken,
  ContactRepositoryToken,
  CreateContactAndCampaign,
  CreateContactAndCampaignToken,
  LoggerToken,
  ReadContactsAndCampaigns,
  ReadContactsAndCampaignsToken,
  SweepOrphanedContactLists,
  SweepOrphanedContactListsToken,
  type CampaignUploader,
  type Clock,
  type ContactRepository,
  type Logger,
} from '@outbound/domain';
import { ContainerModule, type ResolutionContext } from 'inversify';
import type { ServerConfig } from '../server-config.js';
import { PortTimingToken, type PortTiming } from './port-timing.js';

/** The settings the use cases are built with. */
export type UseCaseSettings = Pick<ServerConfig, 'brand' | 'limits' | 'orphanGraceMs'>;

/**
 * Binds every use case, each built with `new` from the ports the storage module bound, the logger
 * and the clock: the domain carries no decorators, so this is where they are wired, and the only
 * place. With the metrics module loaded, each use case's ports are timed.
 */
export function useCasesModule({ brand, limits, orphanGraceMs }: UseCaseSettings): ContainerModule {
  return new ContainerModule(({ bind }) => {
    bind<CreateContactAndCampaign>(CreateContactAndCampaignToken)
      .toDynamicValue((context) => {
        const { contacts, campaigns } = portsOf(context);
        return new CreateContactAndCampaign(contacts, campaigns, { brand, ...limits, logger: loggerOf(context) });
      })
      .inSingletonScope();
    bind<ReadContactsAndCampaigns>(ReadContactsAndCampaignsToken)
      .toDynamicValue((context) => {
        const { contacts, campaigns } = portsOf(context);
        return new ReadContactsAndCampaigns(contacts, campaigns);
      })
      .inSingletonScope();
    bind<SweepOrphanedContactLists>(SweepOrphanedContactListsToken)
      .toDynamicValue(
        (context) =>
          new SweepOrphanedContactLists(portsOf(context).contacts, context.get<Clock>(ClockToken), {
            graceMs: orphanGraceMs,
            logger: loggerOf(context),
          }),
      )
      .inSingletonScope();
  });
}

function portsOf(context: ResolutionContext): { contacts: ContactRepository; campaigns: CampaignUploader } {
  const timed: PortTiming = context.get<PortTiming>(PortTimingToken, { optional: true }) ?? ((port) => port);
  return {
    contacts: timed(context.get<ContactRepository>(ContactRepositoryToken), 'contacts'),
    campaigns: timed(context.get<CampaignUploader>(CampaignUploaderToken), 'campaigns'),
  };
}

const loggerOf = (context: ResolutionContext): Logger => context.get<Logger>(LoggerToken);
