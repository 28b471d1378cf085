import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GovernmentLevel } from '@codev/domain';
import { OrganisationKind } from '@codev/domain';
import { parseProgrammeText } from './programme-file';
import { ProgrammeDefinition } from './programme-definition.schema';
import { validateProgrammeDefinition } from './validate-programme-definition';
import { ApplicationFacts, checkEligibility } from './eligibility';

function programme(file: string): ProgrammeDefinition {
  const parsed = parseProgrammeText(
    readFileSync(join(__dirname, '..', '..', '..', '..', 'programmes', file), 'utf8'),
  );
  const checked = parsed.ok ? validateProgrammeDefinition(parsed.value) : undefined;
  if (!checked?.ok) throw new Error(`${file} is invalid`);
  return checked.definition;
}

const club = {
  kind: OrganisationKind.MIGRANT_CLUB,
  governmentLevel: null,
  countryOfResidence: 'US',
};
const state = {
  kind: OrganisationKind.GOVERNMENT_BODY,
  governmentLevel: GovernmentLevel.REGIONAL,
  countryOfResidence: 'MX',
};
const nation = {
  kind: OrganisationKind.GOVERNMENT_BODY,
  governmentLevel: GovernmentLevel.NATIONAL,
  countryOfResidence: 'MX',
};

const twoByOne = programme('mx-2x1-zacatecas.yaml');
const facts = (overrides: Partial<ApplicationFacts> = {}): ApplicationFacts => ({
  sector: 'POTABLE_WATER',
  projectCountry: 'MX',
  total: '100000.00',
  documentTypes: [],
  parties: [
    { role: 'migrants', organisation: club },
    { role: 'state', organisation: state },
    { role: 'federal', organisation: nation },
  ],
  ...overrides,
});

describe('checkEligibility', () => {
  it('accepts an eligible application, leaving optional non-funding roles unassigned', () => {
    expect(checkEligibility(twoByOne, facts())).toEqual([]);
  });

  it('gives every reason at once, by field', () => {
    const violations = checkEligibility(
      twoByOne,
      facts({
        sector: 'CASINO',
        projectCountry: 'US',
        parties: [
          { role: 'migrants', organisation: club },
          { role: 'state', organisation: nation },
          { role: 'mayor', organisation: state },
          { role: 'federal', organisation: null },
        ],
      }),
    );
    expect(violations.map((v) => v.path)).toEqual([
      'sector',
      'projectJurisdictionCode',
      'parties[1].organisationId',
      'parties[2].role',
      'parties[3].organisationId',
    ]);
  });

  it('requires the documents the programme asks for and every funder', () => {
    const miComunidad = programme('mx-gto-mi-comunidad.yaml');
    const violations = checkEligibility(
      miComunidad,
      facts({ sector: 'INCOME_GENERATING', parties: [{ role: 'migrants', organisation: club }] }),
    );
    expect(violations).toEqual([
      { path: 'documents', message: 'a BUSINESS_PLAN document is required' },
      { path: 'parties', message: 'no organisation is assigned the role "state"' },
    ]);
  });

  it('names a funder even when its party is marked optional', () => {
    const d = structuredClone(twoByOne);
    d.parties.find((p) => p.role === 'federal')!.optional = true;
    const violations = checkEligibility(d, facts({ parties: facts().parties.slice(0, 2) }));
    expect(violations).toEqual([
      { path: 'parties', message: 'no organisation is assigned the role "federal"' },
    ]);
  });
});
