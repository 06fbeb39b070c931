import {
  CampaignRunsToken,
  CampaignUploaderToken,
  ChangeCampaignStatus,
  ChangeCampaignStatusToken,
  ClockToken,
  ContactRepositoryToken,
  CreateContactAndCampaign,
  CreateContactAndCampaignToken,
  LeaseDueCalls,
  LeaseDueCallsToken,
  LoggerToken,
  PhoneTimeZonesToken,
  ReadCampaignRun,
  ReadCampaignRunToken,
  ReadContactsAndCampaigns,
  ReadContactsAndCampaignsToken,
  RecordCallOutcome,
  RunEventsToken,
  noRunEvents,
  RecordCallOutcomeToken,
  StartCampaign,
  StartCampaignToken,
  SweepCampaignRuns,
  SweepCampaignRunsToken,
  SweepOrphanedContactLists,
  SweepOrphanedContactListsToken,
  type CampaignRuns,
  type CampaignUploader,
  type Clock,
  type ContactRepository,
  type Logger,
  type PhoneTimeZones,
  type RunEvents,
} from '@outbound/domain';
import { ContainerModule, type ResolutionContext } from 'inversify';
import type { ServerConfig } from '../server-config.js';
import { PortTimingToken, type PortTiming } from './port-timing.js';

/** The settings the use cases are built with. */
export type UseCaseSettings = Pick<ServerConfig, 'brand' | 'limits' | 'orphanGraceMs' | 'callLeaseMs'>;

/**
 * Binds every use case, each built with `new` from the ports the storage module bound, the logger
 * and the clock: the domain carries no decorators, so this is where they are wired, and the only
 * place. With the metrics module loaded, each use case's ports are timed.
 */
export function useCasesModule({ brand, limits, orphanGraceMs, callLeaseMs }: UseCaseSettings): ContainerModule {
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
        return new ReadContactsAndCampaigns(contacts, campaigns, runsOf(context), clockOf(context));
      })
      .inSingletonScope();
    bind<SweepOrphanedContactLists>(SweepOrphanedContactListsToken)
      .toDynamicValue(
        (context) =>
          new SweepOrphanedContactLists(portsOf(context).contacts, clockOf(context), {
            graceMs: orphanGraceMs,
            logger: loggerOf(context),
          }),
      )
      .inSingletonScope();
    bind<StartCampaign>(StartCampaignToken)
      .toDynamicValue(
        (context) =>
          new StartCampaign(
            portsOf(context).campaigns,
            runsOf(context),
            context.get<PhoneTimeZones>(PhoneTimeZonesToken),
            clockOf(context),
          ),
      )
      .inSingletonScope();
    bind<ChangeCampaignStatus>(ChangeCampaignStatusToken)
      .toDynamicValue((context) => new ChangeCampaignStatus(runsOf(context), clockOf(context)))
      .inSingletonScope();
    bind<LeaseDueCalls>(LeaseDueCallsToken)
      .toDynamicValue((context) => new LeaseDueCalls(runsOf(context), clockOf(context), callLeaseMs, eventsOf(context)))
      .inSingletonScope();
    bind<RecordCallOutcome>(RecordCallOutcomeToken)
      .toDynamicValue((context) => new RecordCallOutcome(runsOf(context), clockOf(context), eventsOf(context)))
      .inSingletonScope();
    bind<ReadCampaignRun>(ReadCampaignRunToken)
      .toDynamicValue((context) => new ReadCampaignRun(runsOf(context), clockOf(context)))
      .inSingletonScope();
    bind<SweepCampaignRuns>(SweepCampaignRunsToken)
      .toDynamicValue((context) => new SweepCampaignRuns(runsOf(context), clockOf(context), eventsOf(context)))
      .inSingletonScope();
  });
}

const timingOf = (context: ResolutionContext): PortTiming =>
  context.get<PortTiming>(PortTimingToken, { optional: true }) ?? ((port) => port);

const runsOf = (context: ResolutionContext): CampaignRuns =>
  timingOf(context)(context.get<CampaignRuns>(CampaignRunsToken), 'runs');

const clockOf = (context: ResolutionContext): Clock => context.get<Clock>(ClockToken);

const eventsOf = (context: ResolutionContext): RunEvents =>
  context.get<RunEvents>(RunEventsToken, { optional: true }) ?? noRunEvents;

function portsOf(context: ResolutionContext): { contacts: ContactRepository; campaigns: CampaignUploader } {
  const timed = timingOf(context);
  return {
    contacts: timed(context.get<ContactRepository>(ContactRepositoryToken), 'contacts'),
    campaigns: timed(context.get<CampaignUploader>(CampaignUploaderToken), 'campaigns'),
  };
}

const loggerOf = (context: ResolutionContext): Logger => context.get<Logger>(LoggerToken);
