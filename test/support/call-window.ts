import { localTime } from '../../apps/api/src/cli/demo-call';

/**
 * A call's window opening `inMs` from now and lasting `lengthMs`, written as the issuer writes
 * it: local date-times on the clock of `timeZone`. Wide enough windows keep a loaded CI
 * machine from missing them.
 */
export function windowFromNow(inMs: number, lengthMs: number, timeZone: string) {
  const opens = new Date(Date.now() + inMs);
  const closes = new Date(opens.getTime() + lengthMs);
  return { opens: localTime(opens, timeZone), closes: localTime(closes, timeZone), timeZone };
}
