import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseProgrammeText } from './programme-file';
import { ProgrammeDefinition } from './programme-definition.schema';
import { flattenStages } from './flatten-stages';
import { validateProgrammeDefinition } from './validate-programme-definition';
import { definitionWarnings } from './definition-warnings';

const PROGRAMMES = join(__dirname, '..', '..', '..', '..', 'programmes');

function load(file: string): unknown {
  const parsed = parseProgrammeText(readFileSync(join(PROGRAMMES, file), 'utf8'));
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.violations));
  return parsed.value;
}

function threeByOne(): ProgrammeDefinition {
  return structuredClone(load('mx-3x1.yaml')) as ProgrammeDefinition;
}

function problems(definition: unknown): string[] {
  const result = validateProgrammeDefinition(definition);
  return result.ok ? [] : result.violations.map((v) => `${v.path}: ${v.message}`);
}

describe('programme definitions shipped in programmes/', () => {
  const files = readdirSync(PROGRAMMES).filter((f) => /\.(ya?ml|json)$/.test(f));

  it('include the Mexican family', () => {
    expect(files).toEqual(
      expect.arrayContaining([
        'mx-3x1.yaml',
        'mx-1x1-zacatecas.yaml',
        'mx-2x1-zacatecas.yaml',
        'mx-4x1.yaml',
        'mx-gto-mi-comunidad.yaml',
      ]),
    );
  });

  it.each(files)('%s is valid', (file) => {
    expect(problems(load(file))).toEqual([]);
  });

  it('3x1 has the procedure of the 2006 rules, in order', () => {
    const result = validateProgrammeDefinition(load('mx-3x1.yaml'));
    if (!result.ok) throw new Error('invalid');
    expect(
      flattenStages(result.definition.procedure.stages).map(
        ({ stage }) => `${stage.kind}:${stage.id}`,
      ),
    ).toEqual([
      'CHECK:eligibility',
      'COMMITTEE:covam-validation',
      'DOCUMENT:technical-file',
      'COMMITTEE:covam-file-compliance',
      'REVIEW:coplade-review',
      'REVIEW:delegation-viability',
      'REVIEW:national-review',
      'COMMITMENT:commitment',
      'PARALLEL:execution',
      'DISBURSEMENT:disbursement',
      'MONITORING:works-supervision',
      'HANDOVER:handover',
    ]);
    expect(result.definition.funding.shares.map((s) => s.weight)).toEqual(['25', '25', '25', '25']);
  });
});

describe('validateProgrammeDefinition', () => {
  it('names the path of a bad value', () => {
    const d = threeByOne();
    d.funding.shares[2].ceiling = '0';
    expect(problems(d)).toEqual(['funding.shares[2].ceiling: must be positive']);
  });

  it('reports every shape problem at once', () => {
    const d = threeByOne() as unknown as Record<string, unknown>;
    d.currency = 'pesos';
    d.key = 'Mexico 3x1';
    delete d.parties;
    expect(
      problems(d)
        .map((p) => p.split(':')[0])
        .sort(),
    ).toEqual(['currency', 'key', 'parties']);
  });

  it('refuses project types the programme does not fund and indicators declared twice', () => {
    const d = threeByOne();
    d.projectTypes = {
      MICROENTERPRISE: { indicators: [] },
      POTABLE_WATER: {
        dacPurpose: '14031',
        indicators: [
          { code: 'households', label: 'Households', unit: 'households' },
          { code: 'households', label: 'Again', unit: 'households' },
        ],
      },
    };
    expect(problems(d)).toEqual([
      'projectTypes.MICROENTERPRISE: MICROENTERPRISE is not among eligibility.sectors',
      'projectTypes.POTABLE_WATER.indicators[1].code: indicator "households" is declared twice',
    ]);
  });

  it('refuses a sector outside the shared list, naming where', () => {
    const d = threeByOne();
    d.eligibility.sectors = ['POTABLE_WATER', 'POTABLE_WATRE'];
    expect(problems(d)).toEqual([
      expect.stringMatching(
        /^eligibility\.sectors\[1\]: is not a known sector; known: .*POTABLE_WATER/,
      ),
    ]);
  });

  it('refuses unknown fields rather than ignoring a typo', () => {
    const d = threeByOne() as unknown as Record<string, unknown>;
    d.fundng = {};
    expect(problems(d)).toEqual([expect.stringMatching(/^\(root\): Unrecognized key.*fundng/)]);
  });

  it('refuses references to roles that are not parties', () => {
    const d = threeByOne();
    d.funding.backstop!.covers = ['municipal', 'county'];
    d.eligibility.applicantRoles = ['diaspora'];
    expect(problems(d)).toEqual([
      'funding.backstop.covers[1]: "county" is not a funding role of this rule',
      'eligibility.applicantRoles[0]: "diaspora" is not a party role of this programme',
    ]);
  });

  it('checks committees, tranches and deadlines against each other', () => {
    const d = threeByOne();
    const covam = d.procedure.stages[1];
    if (covam.kind !== 'COMMITTEE') throw new Error('expected COVAM');
    covam.chair = 'community';
    covam.quorum = 5;
    const execution = d.procedure.stages[8];
    if (execution.kind !== 'PARALLEL') throw new Error('expected execution');
    const disbursement = execution.branches[0][0];
    if (disbursement.kind !== 'DISBURSEMENT') throw new Error('expected disbursement');
    disbursement.tranches[1].percent = '20';
    disbursement.tranches[2].afterReport = 'AUDIT_REPORT';
    const coplade = d.procedure.stages[4];
    if (coplade.kind !== 'REVIEW') throw new Error('expected COPLADE');
    coplade.onExpiry = { outcome: 'APPROVE' };
    expect(problems(d)).toEqual([
      'procedure.stages[1].chair: the chair "community" must be one of the members',
      'procedure.stages[1].quorum: cannot exceed the 4 seats',
      'procedure.stages[4].onExpiry: needs a deadline to expire',
      'procedure.stages[8].branches[0][0].tranches: percentages add up to 90, not 100',
      'procedure.stages[8].branches[0][0].tranches[2].afterReport: no monitoring stage asks for a "AUDIT_REPORT" report',
    ]);
  });

  it('refuses duplicate stage ids across parallel branches', () => {
    const d = threeByOne();
    const execution = d.procedure.stages[8];
    if (execution.kind !== 'PARALLEL') throw new Error('expected execution');
    execution.branches[1][0].id = 'disbursement';
    expect(problems(d)).toEqual([
      'procedure.stages[8].branches[1][0].id: stage id "disbursement" is used twice',
    ]);
  });

  it('keeps an envelope in the programme currency or in its funder pledge currency, once per funder', () => {
    const d = threeByOne();
    d.funding.shares[0].currency = 'USD';
    d.funding.shares[1].ceiling = { amount: '50000.00', currency: 'USD' };
    d.funding.envelopes = [
      { role: 'migrants', yearlyAmount: '1000000.00', currency: 'USD' },
      { role: 'federal', yearlyAmount: '175730000.00', currency: 'MXN' },
    ];
    expect(problems(d)).toEqual([]);
    d.funding.envelopes = [
      { role: 'federal', yearlyAmount: '1000000.00', currency: 'USD' },
      { role: 'migrants', yearlyAmount: '1000.001', currency: 'USD' },
      { role: 'migrants', yearlyAmount: '1000.00' },
      { role: 'nobody', yearlyAmount: '1000.00' },
    ];
    expect(problems(d)).toEqual([
      "funding.envelopes[0].currency: federal pledges in MXN: its envelope is kept in that currency or in the programme's (MXN), not in USD",
      'funding.envelopes[1].yearlyAmount: "1000.001" has 3 decimals; USD has 2',
      'funding.envelopes[2].role: "migrants" has an envelope already',
      'funding.envelopes[3].role: "nobody" has no funding share',
    ]);
  });

  it('refuses countries outside ISO 3166-1, not only malformed ones', () => {
    const d = threeByOne();
    d.eligibility.projectCountries = ['MX', 'XZ'];
    d.parties[0].countries = ['UK'];
    expect(problems(d)).toEqual([
      'parties[0].countries[0]: is not an ISO 3166-1 country code',
      'eligibility.projectCountries[1]: is not an ISO 3166-1 country code',
    ]);
  });

  it('refuses a programme currency that is not in use', () => {
    expect(problems({ ...threeByOne(), currency: 'XXY' })).toEqual([
      'currency: "XXY" is not an ISO 4217 currency in use',
    ]);
  });

  it('reports malformed YAML with its position', () => {
    const parsed = parseProgrammeText('key: [unclosed');
    expect(parsed.ok).toBe(false);
  });
});

describe('definitionWarnings', () => {
  it('says how weights that are neither percentages nor equal ratios are normalised', () => {
    const d = threeByOne();
    expect(definitionWarnings(d)).toEqual([]);
    d.funding.shares[3] = { ...d.funding.shares[3], weight: '20' };
    expect(definitionWarnings(d)).toEqual([
      {
        path: 'funding.shares',
        message:
          'weights add up to 95, not 100: each share is its weight / 95 (migrants 26.32%, municipal 26.32%, state 26.32%, federal 21.05%)',
      },
    ]);
    d.funding.shares = d.funding.shares.map((s) => ({ ...s, weight: '1' }));
    expect(definitionWarnings(d)).toEqual([]);
  });
});
