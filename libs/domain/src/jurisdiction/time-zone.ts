/** True when the runtime knows `zone` as an IANA time zone (e.g. America/Mexico_City). */
export function isIanaTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
