import { OrganisationKind } from './organisation-kind';
import { checkPersonalData } from './personal-data';

const TODAY = '2026-12-04';
const awa = { legalName: 'Awa Ndiaye', birthDate: '1984-03-02' };

describe('checkPersonalData', () => {
  it('asks a person for who they are, and nobody else', () => {
    expect(checkPersonalData(OrganisationKind.PERSON, awa, null, TODAY)).toEqual([]);
    expect(checkPersonalData(OrganisationKind.PERSON, null, null, TODAY)).toEqual([
      { path: 'person', message: 'a PERSON must give their personal data (legalName)' },
    ]);
    expect(checkPersonalData(OrganisationKind.NGO, awa, null, TODAY)).toEqual([
      { path: 'person', message: 'only a PERSON has personal data' },
    ]);
  });

  it('keeps what is on record when a change leaves it out', () => {
    expect(checkPersonalData(OrganisationKind.PERSON, undefined, null, TODAY, true)).toEqual([]);
  });

  it('refuses a blank name, a birth date not in the past and a public registration number', () => {
    expect(
      checkPersonalData(
        OrganisationKind.PERSON,
        { legalName: ' ', birthDate: TODAY },
        'SN-123',
        TODAY,
      ).map((v) => v.path),
    ).toEqual(['person.legalName', 'person.birthDate', 'registrationNumber']);
  });
});
