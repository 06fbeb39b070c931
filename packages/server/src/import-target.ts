import type { CreateContactAndCampaignRequest, InvalidCommand, NameConflict, Succeeded } from '@outbound/domain';

/** The server stored the rows, and said no more than the spec's success answer does. */
interface Accepted {
  readonly code: 'accepted';
  /** The answer's `message`, as "Contact and campaign created." */
  readonly message: string;
}

/** The server asked for a key and was given none, or one it does not know. */
interface Unauthorized {
  readonly code: 'unauthorized';
}

/** The rows were turned away for a reason the person importing can act on (too large, wrong address). */
interface Refused {
  readonly code: 'refused';
  readonly message: string;
  /** True when the command was called wrongly (a wrong --url), rather than the file being at fault. */
  readonly byUsage: boolean;
}

/** The storage, or the server, failed or could not be reached, also after the retries. */
interface StorageFailed {
  readonly code: 'storage-failed';
  readonly message: string;
}

/** What became of the rows: the use case's own outcomes, wherever it ran, or why they never reached it. */
export type ImportOutcome =
  Succeeded | Accepted | InvalidCommand | NameConflict | Unauthorized | Refused | StorageFailed;

/** Where an import sends its rows: the use case in this process, or a running server. */
export interface ImportTarget {
  /** Where that is, for a person, as it ends "storing 3 rows …": a storage or a server's address, never a secret. */
  readonly description: string;
  send(request: CreateContactAndCampaignRequest): Promise<ImportOutcome>;
  close(): Promise<void>;
}
