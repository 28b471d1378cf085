import { GovernmentLevel } from '../jurisdiction/jurisdiction-code';
import { OrganisationKind } from './organisation-kind';
import { checkOrganisationProfile } from './organisation-profile';

describe('checkOrganisationProfile', () => {
  it('accepts a municipal government body', () => {
    expect(
      checkOrganisationProfile({
        name: 'Municipio de Jerez',
        kind: OrganisationKind.GOVERNMENT_BODY,
        countryOfResidence: 'MX',
        jurisdictionCode: 'MX-ZAC-020',
        governmentLevel: GovernmentLevel.LOCAL,
      }),
    ).toEqual([]);
  });

  it('accepts a migrant club abroad linked to its community of origin', () => {
    expect(
      checkOrganisationProfile({
        name: 'Club Jerezano de Los Angeles',
        kind: OrganisationKind.MIGRANT_CLUB,
        countryOfResidence: 'US',
        jurisdictionCode: 'US-CA',
        originJurisdictionCode: 'MX-ZAC-020',
      }),
    ).toEqual([]);
  });

  it('lets a federal delegation work in a state, never a municipality govern a state', () => {
    const body = {
      name: 'Delegación',
      kind: OrganisationKind.GOVERNMENT_BODY,
      countryOfResidence: 'MX',
      jurisdictionCode: 'MX-ZAC',
    };
    expect(
      checkOrganisationProfile({ ...body, governmentLevel: GovernmentLevel.NATIONAL }),
    ).toEqual([]);
    expect(checkOrganisationProfile({ ...body, governmentLevel: GovernmentLevel.LOCAL })).toEqual([
      { path: 'governmentLevel', message: 'a local body cannot govern MX-ZAC, a subdivision' },
    ]);
  });

  it('reports every problem at once, by field', () => {
    const violations = checkOrganisationProfile({
      name: '  ',
      kind: OrganisationKind.GOVERNMENT_BODY,
      countryOfResidence: 'ES',
      jurisdictionCode: 'MX-ZAC',
      governmentLevel: GovernmentLevel.LOCAL,
      originJurisdictionCode: 'MX-ZAC-020',
    });
    expect(violations.map((v) => v.path).sort()).toEqual(
      ['governmentLevel', 'jurisdictionCode', 'name', 'originJurisdictionCode'].sort(),
    );
  });

  it('requires a community of origin for migrant organisations', () => {
    for (const kind of [
      OrganisationKind.MIGRANT_CLUB,
      OrganisationKind.FEDERATION_OF_CLUBS,
      OrganisationKind.IMMIGRANT_ASSOCIATION,
    ]) {
      expect(
        checkOrganisationProfile({ name: 'A', kind, countryOfResidence: 'ES' }).map((v) => v.path),
      ).toEqual(['originJurisdictionCode']);
    }
  });

  it('keeps government levels for government bodies only', () => {
    expect(
      checkOrganisationProfile({
        name: 'Fundación X',
        kind: OrganisationKind.NGO,
        countryOfResidence: 'ES',
        governmentLevel: GovernmentLevel.REGIONAL,
      }),
    ).toEqual([
      { path: 'governmentLevel', message: 'only a government body has a government level' },
    ]);
  });
});
