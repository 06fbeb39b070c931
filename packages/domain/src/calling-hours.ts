export type Weekday = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';

export const WEEKDAYS: readonly Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

/** When a contact may be called, in its own time zone: from `from` up to `to`, on `days`. */
export interface CallingHours {
  /** `HH:MM`, 24-hour clock. */
  readonly from: string;
  /** `HH:MM`, after `from`: a window does not run past midnight. */
  readonly to: string;
  /** In the order of the week, Monday first, without repeats. */
  readonly days: readonly Weekday[];
}

const WEEKDAY_OF: Readonly<Record<string, Weekday>> = {
  Mon: 'mon',
  Tue: 'tue',
  Wed: 'wed',
  Thu: 'thu',
  Fri: 'fri',
  Sat: 'sat',
  Sun: 'sun',
};

const formats = new Map<string, Intl.DateTimeFormat>();

/**
 * The platform's own rules for `zone` (daylight saving, half-hour offsets, changes of offset over
 * the years): never a fixed offset. Throws a RangeError for a name that is no time zone.
 */
function formatIn(zone: string): Intl.DateTimeFormat {
  let format = formats.get(zone);
  if (format === undefined) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formats.set(zone, format);
  }
  return format;
}

/** Whether `name` is an IANA time zone the platform knows, as `Europe/London` or `Asia/Kolkata`. */
export function isTimeZone(name: string): boolean {
  // Offsets such as +05:30 are accepted by Intl but follow no daylight saving, so they do not name a zone.
  if (!/^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/.test(name)) return false;
  try {
    formatIn(name);
    return true;
  } catch {
    return false;
  }
}

/** Minutes since midnight of an `HH:MM` time. */
export function minuteOfDay(time: string): number {
  return Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
}

/** The day of the week and the minute of the day it is at `instant` in `zone`. */
export function localTime(instant: Date, zone: string): { readonly day: Weekday; readonly minute: number } {
  let day: Weekday = 'mon';
  let minute = 0;
  for (const part of formatIn(zone).formatToParts(instant)) {
    if (part.type === 'weekday') day = WEEKDAY_OF[part.value] ?? day;
    else if (part.type === 'hour') minute += Number(part.value) * 60;
    else if (part.type === 'minute') minute += Number(part.value);
  }
  return { day, minute };
}

/**
 * A contact's zones as one key, stored once per contact: the zones it may be in, sorted, joined by
 * a space (no zone name holds one). A contact is open only when it is open in every one of them.
 */
export function zoneKeyOf(zones: readonly string[]): string {
  return [...new Set(zones)].sort().join(' ');
}

export function zonesOfKey(zoneKey: string): readonly string[] {
  return zoneKey === '' ? [] : zoneKey.split(' ');
}

/** Whether `hours` are open at `instant` in `zone`. */
function openIn(hours: CallingHours, zone: string, instant: Date): boolean {
  const { day, minute } = localTime(instant, zone);
  return hours.days.includes(day) && minute >= minuteOfDay(hours.from) && minute < minuteOfDay(hours.to);
}

/** Whether a contact of `zoneKey` may be called at `instant`: within `hours` in every one of its zones. */
export function isOpenAt(hours: CallingHours, zoneKey: string, instant: Date): boolean {
  const zones = zonesOfKey(zoneKey);
  return zones.length > 0 && zones.every((zone) => openIn(hours, zone, instant));
}

/** Of a campaign's zone keys, those whose contacts may be called at `instant`. */
export function openZoneKeys(hours: CallingHours, zoneKeys: readonly string[], instant: Date): string[] {
  return zoneKeys.filter((zoneKey) => isOpenAt(hours, zoneKey, instant));
}

const STEP_MS = 15 * 60_000;
/** A week and a day: every weekday, whatever daylight saving does to one of them. */
const HORIZON_MS = 8 * 24 * 60 * 60_000;

/**
 * Whether a contact of `zoneKey` can ever be called within `hours`: whether, in the week after
 * `from`, some quarter of an hour is open in all its zones at once. Zones far apart (a number that
 * may be in Guam or in Halifax) may share no hour, and such a contact is skipped rather than kept
 * waiting for ever. Only quarters of an hour are tried, so a window shorter than one is missed.
 */
export function hasCallingWindow(hours: CallingHours, zoneKey: string, from: Date): boolean {
  // Every zone's offset is a whole number of quarter hours, so a quarter of UTC is one in each zone.
  const start = Math.floor(from.getTime() / STEP_MS) * STEP_MS;
  for (let at = start; at < start + HORIZON_MS; at += STEP_MS) {
    if (isOpenAt(hours, zoneKey, new Date(at))) return true;
  }
  return false;
}
