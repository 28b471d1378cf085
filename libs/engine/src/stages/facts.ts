// Facts stages publish for each other. A tranche waits on a monitoring report and on open
// findings; these helpers are the one place their names are spelt.

type Facts = ReadonlyMap<string, unknown>;

const REPORTS = 'monitoring.reports';
const BLOCKING = 'monitoring.blocking-findings:';

export const reportsFiled = (facts: Facts): string[] => (facts.get(REPORTS) as string[]) ?? [];
export const withReport = (facts: Facts, report: string) => ({
  [REPORTS]: [...reportsFiled(facts), report],
});

/** Open findings of every stage whose findings hold back disbursement. */
export const blockingFindings = (facts: Facts): number =>
  [...facts].reduce((n, [k, v]) => (k.startsWith(BLOCKING) ? n + (v as number) : n), 0);
export const withBlockingFindings = (stageId: string, open: number) => ({
  [`${BLOCKING}${stageId}`]: open,
});

const TIMELINE = 'committee.disbursement-timeline';
export interface TimelineEntry {
  role: string;
  trancheId: string;
  dueDate: string;
}
/** Each funder's date for each tranche, as the committee set them. */
export const disbursementTimeline = (facts: Facts): TimelineEntry[] =>
  (facts.get(TIMELINE) as TimelineEntry[]) ?? [];
export const withDisbursementTimeline = (entries: TimelineEntry[]) => ({ [TIMELINE]: entries });
