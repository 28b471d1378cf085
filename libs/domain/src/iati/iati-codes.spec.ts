import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GovernmentLevel } from '../jurisdiction/jurisdiction-code';
import { OrganisationKind } from '../organisation/organisation-kind';
import { SECTOR_CODES } from '../sector/sector-codes';
import {
  DAC_PURPOSE_CODE,
  iatiActivityStatus,
  iatiFinanceType,
  iatiOrganisationType,
  IATI_TRANSACTION_TYPE,
} from './iati-codes';

// The codes come from the vendored code lists; the XSD does not check them.
const CODELISTS = readFileSync(
  join(__dirname, '..', '..', '..', '..', 'docs', 'standards', 'iati-2.03', 'codelists.md'),
  'utf8',
);
const listed = (code: string) =>
  new RegExp(`^\\| (?:[0-9A-Z–/ ]* )?${code}[ |]`, 'm').test(CODELISTS);

describe('IATI codes', () => {
  it('map every sector onto a DAC purpose code of the code lists', () => {
    for (const sector of Object.keys(SECTOR_CODES)) {
      expect(DAC_PURPOSE_CODE[sector]).toBeDefined();
      expect(listed(DAC_PURPOSE_CODE[sector])).toBe(true);
    }
  });

  it('use only listed transaction, finance, status and organisation codes', () => {
    for (const code of [
      ...Object.values(IATI_TRANSACTION_TYPE),
      iatiFinanceType('LOAN_REPAYMENT'),
      iatiFinanceType('COMMITMENT'),
      ...['IN_REVIEW', 'IN_EXECUTION', 'COMPLETED', 'WITHDRAWN'].map(iatiActivityStatus),
      ...Object.values(OrganisationKind).flatMap((k) => [
        iatiOrganisationType(k, GovernmentLevel.NATIONAL, true),
        iatiOrganisationType(k, GovernmentLevel.LOCAL, false),
      ]),
    ])
      expect([code, listed(code)]).toEqual([code, true]);
  });

  it('tell loans from grants and national from local government', () => {
    expect(iatiFinanceType('INTEREST_PAYMENT')).toBe('421');
    expect(iatiFinanceType('DISBURSEMENT')).toBe('110');
    expect(
      iatiOrganisationType(OrganisationKind.GOVERNMENT_BODY, GovernmentLevel.REGIONAL, true),
    ).toBe('11');
    expect(iatiOrganisationType(OrganisationKind.MIGRANT_CLUB, null, false)).toBe('22');
    expect(iatiOrganisationType(OrganisationKind.MIGRANT_CLUB, null, true)).toBe('24');
  });
});
