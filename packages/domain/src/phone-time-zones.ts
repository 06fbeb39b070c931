/**
 * Knowledge from outside the domain: which time zones a phone number may be in, as numbering-plan
 * data tells. A campaign with calling hours works out each contact's zones once, when it starts.
 */
export interface PhoneTimeZones {
  /**
   * The IANA time zones `phoneNumber` (canonical E.164, as `+12125551234`) may be in, sorted and
   * without repeats: one when its region lies in one zone, several when the data cannot tell
   * which of them (a region, or a whole country, that spans zones), and none when the number is
   * of no known region. Never throws for a number; answers at once, from data already loaded.
   */
  zonesOf(phoneNumber: string): readonly string[];
}

export const PhoneTimeZonesToken: unique symbol = Symbol.for('@outbound/domain/PhoneTimeZones');
