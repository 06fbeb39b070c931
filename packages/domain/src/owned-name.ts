/**
 * What finds a stored contact list or campaign: its owner and its name. Each owner's names are its
 * own: two owners may each hold a list (or a campaign) of one name, and nothing done under one
 * owner tells whether a name is held under another.
 */
export interface OwnedName {
  /**
   * The owner: the name of the API key it was created with, never empty; or null for what was
   * created without a key, which is an owner of its own, apart from every key.
   */
  readonly createdBy: string | null;
  /** Compared exactly: names that differ only in case are different names. */
  readonly name: string;
}
