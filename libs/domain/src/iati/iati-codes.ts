import { GovernmentLevel } from '../jurisdiction/jurisdiction-code';
import { OrganisationKind } from '../organisation/organisation-kind';

/**
 * The IATI 2.03 codes the engine's data maps onto (shared/standards/iati-2.03/codelists.md):
 * the XSD checks only the structure of an activity file, so the code values come from here,
 * each one taken from those lists.
 */

/** TransactionType for each kind of ledger transaction that IATI has a type for. */
export const IATI_TRANSACTION_TYPE: Readonly<Record<string, string>> = {
  COMMITMENT: '2', // Outgoing Commitment
  DISBURSEMENT: '3', // Disbursement
  LOAN_DISBURSEMENT: '3', // Disbursement (of a loan, finance type 421)
  INTEREST_PAYMENT: '5', // Interest Payment
  LOAN_REPAYMENT: '6', // Loan Repayment
  SAVINGS_RELEASE: '1', // Incoming Funds: the migrant's savings arrive in the project
  SAVINGS_MATCH: '3', // Disbursement: a funder's premium paid to the project
};

/** FinanceType of a transaction: loans are standard loans, the rest standard grants. */
export const iatiFinanceType = (transactionKind: string): string =>
  ['LOAN_DISBURSEMENT', 'INTEREST_PAYMENT', 'LOAN_REPAYMENT'].includes(transactionKind)
    ? '421'
    : '110';

/** ActivityStatus of an application's status. */
export function iatiActivityStatus(status: string): string {
  switch (status) {
    case 'IN_REVIEW':
      return '1'; // Pipeline/identification
    case 'APPROVED':
    case 'IN_EXECUTION':
      return '2'; // Implementation
    case 'COMPLETED':
      return '4'; // Closed
    default:
      return '5'; // Cancelled: rejected, withdrawn, failed
  }
}

/**
 * OrganisationType of a party: national government 10, any sub-national government 11,
 * a migrant or diaspora association 22 (a national NGO where it is registered) or 24 (when
 * registered in the project's country), private sector 70, academia 80, other 90.
 */
export function iatiOrganisationType(
  kind: OrganisationKind,
  level: GovernmentLevel | null,
  residesInProjectCountry: boolean,
): string {
  switch (kind) {
    case OrganisationKind.GOVERNMENT_BODY:
      return level === GovernmentLevel.NATIONAL ? '10' : '11';
    case OrganisationKind.NGO:
    case OrganisationKind.MIGRANT_CLUB:
    case OrganisationKind.FEDERATION_OF_CLUBS:
    case OrganisationKind.IMMIGRANT_ASSOCIATION:
    case OrganisationKind.COMMUNITY_COMMITTEE:
      return residesInProjectCountry ? '24' : '22';
    case OrganisationKind.PRIVATE_COMPANY:
    case OrganisationKind.FINANCIAL_INSTITUTION:
      return '70';
    case OrganisationKind.INTERNATIONAL_ORGANISATION:
      return '40';
    case OrganisationKind.UNIVERSITY:
      return '80';
    default:
      return '90';
  }
}

/** OECD DAC 5-digit purpose code (sector vocabulary 1) of each of the engine's sectors. */
export const DAC_PURPOSE_CODE: Readonly<Record<string, string>> = {
  URBANISATION: '43030',
  ELECTRIFICATION: '23630',
  COMMUNITY_DEVELOPMENT_CENTRE: '16050',
  STREET_PAVING: '43030',
  POTABLE_WATER: '14031',
  SEWERAGE: '14032',
  WATER_AND_SANITATION: '14030',
  EDUCATION_INFRASTRUCTURE: '11120',
  EDUCATION: '11220',
  HEALTH_CENTRE: '12230',
  HEALTH: '12220',
  ROADS: '21020',
  SPORTS_FACILITIES: '16050',
  INCOME_GENERATING: '32130',
  AGRICULTURE: '43040',
  MICROENTERPRISE: '32130',
  HOUSING: '16050',
  GOVERNANCE: '15112',
  CULTURE: '16050',
  ENVIRONMENT: '43040',
  MOBILITY_OF_PROFESSIONALS: '15190',
  OTHER: '16050',
};
