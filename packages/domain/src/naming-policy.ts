/** The characters allowed in an identifier name, and so in a brand: safe in any name a dialer shows. */
export const NAME_PART = /^[A-Za-z0-9_.-]{1,64}$/;

/** Names of the contact list and campaign made for one identifier name, under one brand. */
export class NamingPolicy {
  constructor(readonly brand: string) {
    if (!NAME_PART.test(brand)) {
      throw new RangeError(`brand must be 1 to 64 characters from A-Z a-z 0-9 _ . - (got ${JSON.stringify(brand)})`);
    }
  }

  contactListName(identifierName: string): string {
    return `${this.brand}_contact_${identifierName}`;
  }

  campaignName(identifierName: string): string {
    return `${this.brand}_campaign_${identifierName}`;
  }
}
