import { create } from 'xmlbuilder2';
import type { XMLBuilder } from 'xmlbuilder2/lib/interfaces';
import {
  DAC_PURPOSE_CODE,
  GovernmentLevel,
  iatiActivityStatus,
  iatiFinanceType,
  iatiOrganisationType,
  IATI_TRANSACTION_TYPE,
  OrganisationKind,
} from '@codev/domain';

/** The body that publishes the file: the platform, under its registered IATI org-id. */
export interface ReportingOrg {
  ref: string;
  name: string;
  /** OrganisationType, e.g. 10 for a national government. */
  type: string;
}

export interface IatiParty {
  role: string;
  organisationId: string;
  name: string;
  kind: OrganisationKind;
  governmentLevel: GovernmentLevel | null;
  countryOfResidence: string;
  funds: boolean;
  applies: boolean;
}

export interface IatiTransaction {
  kind: string;
  date: string;
  amount: string;
  currency: string;
  /** The party whose posting it is: the funder paying, the lender repaid, the saver. */
  organisationId: string | null;
}

export interface IatiActivity {
  applicationId: string;
  title: string;
  programmeName: string;
  status: string;
  sector: string;
  currency: string;
  countryCode: string;
  submittedOn: string;
  closedOn: string | null;
  lastUpdated: string;
  /** The programme's DAC purpose for the project's type, where its definition maps one. */
  dacPurpose: string | null;
  parties: IatiParty[];
  transactions: IatiTransaction[];
  results: IatiIndicator[];
}

/** An indicator of the project: its baseline and target, and its latest actual if measured. */
export interface IatiIndicator {
  indicator: string;
  label: string;
  unit: string;
  baseline: string;
  target: string;
  actual: string | null;
  measuredOn: string | null;
}

/** A person taking part is never named in a public file. */
const PRIVATE_PERSON = 'Private individual';

// An IATI 2.03 `iati-activities` document, written in pieces so a programme's file streams
// however many activities it has: the opening, one activity per application (with its funders
// and implementer, status, dates, country, sector and the ledger's transactions in their own
// currencies), the closing. Elements follow the schema's order (iati-activities-schema.xsd),
// which the tests check with a real XML Schema validator.

/** The file's declaration and the opening `iati-activities` tag. */
export const iatiFileOpening = (generatedAt: Date): string =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<iati-activities version="2.03" generated-datetime="${iso(generatedAt)}">\n`;

export const IATI_FILE_CLOSING = '</iati-activities>\n';

/** One `iati-activity` element. */
export function iatiActivityXml(reporting: ReportingOrg, a: IatiActivity): string {
  const root = create();
  activity(root, reporting, a);
  return `${root.end({ headless: true, prettyPrint: true })}\n`;
}

function activity(root: XMLBuilder, reporting: ReportingOrg, a: IatiActivity): void {
  const x = root.ele('iati-activity', {
    'last-updated-datetime': a.lastUpdated,
    'default-currency': a.currency,
  });
  x.ele('iati-identifier').txt(`${reporting.ref}-${a.applicationId}`);
  narrative(x.ele('reporting-org', { ref: reporting.ref, type: reporting.type }), reporting.name);
  narrative(x.ele('title'), a.title);
  narrative(x.ele('description', { type: '1' }), `${a.programmeName}: ${a.title}`);
  const byId = new Map(a.parties.map((p) => [p.organisationId, p]));
  const orgType = (p: IatiParty) =>
    iatiOrganisationType(p.kind, p.governmentLevel, p.countryOfResidence === a.countryCode);
  const nameOf = (p: IatiParty) => (p.kind === OrganisationKind.PERSON ? PRIVATE_PERSON : p.name);
  for (const [role, parties] of [
    ['1', a.parties.filter((p) => p.funds)],
    ['4', a.parties.filter((p) => p.applies)],
  ] as const)
    for (const p of unique(parties))
      narrative(x.ele('participating-org', { type: orgType(p), role }), nameOf(p));
  x.ele('activity-status', { code: iatiActivityStatus(a.status) });
  x.ele('activity-date', { type: '2', 'iso-date': a.submittedOn });
  if (a.closedOn && a.status === 'COMPLETED')
    x.ele('activity-date', { type: '4', 'iso-date': a.closedOn });
  x.ele('recipient-country', { code: a.countryCode, percentage: '100' });
  x.ele('sector', {
    vocabulary: '1',
    code: a.dacPurpose ?? DAC_PURPOSE_CODE[a.sector] ?? DAC_PURPOSE_CODE.OTHER,
    percentage: '100',
  });
  x.ele('default-finance-type', { code: '110' });
  x.ele('default-aid-type', { code: 'C01' });
  const applicant = a.parties.find((p) => p.applies);
  for (const t of a.transactions) {
    const type = IATI_TRANSACTION_TYPE[t.kind];
    if (!type) continue;
    const party = t.organisationId ? byId.get(t.organisationId) : undefined;
    // Repayments and interest flow from the borrower to the lender; the rest to the project.
    const backwards = type === '5' || type === '6';
    const [provider, receiver] = backwards ? [applicant, party] : [party, applicant];
    const tx = x.ele('transaction');
    tx.ele('transaction-type', { code: type });
    tx.ele('transaction-date', { 'iso-date': t.date });
    tx.ele('value', { currency: t.currency, 'value-date': t.date }).txt(t.amount);
    if (provider) narrative(tx.ele('provider-org', { type: orgType(provider) }), nameOf(provider));
    if (receiver) narrative(tx.ele('receiver-org', { type: orgType(receiver) }), nameOf(receiver));
    tx.ele('finance-type', { code: iatiFinanceType(t.kind) });
  }
  if (a.results.length) results(x, a);
}

/**
 * The project's indicators as one output result (ResultType 1): baseline in the year it was
 * submitted, target and the latest actual over the period from submission to that measurement.
 */
function results(x: XMLBuilder, a: IatiActivity): void {
  const r = x.ele('result', { type: '1', 'aggregation-status': '1' });
  narrative(r.ele('title'), `${a.title}: results`);
  for (const i of a.results) {
    const ind = r.ele('indicator', { measure: '1', ascending: '1' });
    narrative(ind.ele('title'), `${i.label} (${i.unit})`);
    ind.ele('baseline', {
      year: a.submittedOn.slice(0, 4),
      'iso-date': a.submittedOn,
      value: i.baseline,
    });
    const period = ind.ele('period');
    period.ele('period-start', { 'iso-date': a.submittedOn });
    period.ele('period-end', {
      'iso-date': i.measuredOn ?? a.closedOn ?? a.lastUpdated.slice(0, 10),
    });
    period.ele('target', { value: i.target });
    if (i.actual !== null) period.ele('actual', { value: i.actual });
  }
}

const narrative = (parent: XMLBuilder, text: string) => parent.ele('narrative').txt(text);
const iso = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');
const unique = (parties: IatiParty[]) => [
  ...new Map(parties.map((p) => [p.organisationId, p])).values(),
];
