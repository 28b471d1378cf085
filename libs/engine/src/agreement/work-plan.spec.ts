import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseProgrammeText } from '../definition/programme-file';
import { tallyCommittee } from '../stages/committee/committee-tally';
import { validateAgreementDefinition } from './validate-agreement';
import { checkWorkPlan, steeringCommitteeRules } from './work-plan';

const parsed = parseProgrammeText(
  readFileSync(join(__dirname, '..', '..', '..', '..', 'agreements', 'fr-sn-2000.yaml'), 'utf8'),
);
if (!parsed.ok) throw new Error('fr-sn-2000.yaml does not parse');
const checked = validateAgreementDefinition(parsed.value);
if (!checked.ok) throw new Error('fr-sn-2000.yaml is not valid');
const senegal = checked.definition;

describe('checkWorkPlan', () => {
  it('prices each allocation in the currency of its funder’s envelope', () => {
    expect(
      checkWorkPlan(senegal, 2027, [
        { component: 'local-development', funder: 'sn-state', amount: '600000000' },
        { component: 'local-development', funder: 'fr-state', amount: '2500000.50' },
      ]),
    ).toEqual({
      ok: true,
      allocations: [
        {
          component: 'local-development',
          funder: 'sn-state',
          amount: '600000000',
          currency: 'XOF',
        },
        {
          component: 'local-development',
          funder: 'fr-state',
          amount: '2500000.5',
          currency: 'EUR',
        },
      ],
    });
  });

  it('names every problem by its path', () => {
    const r = checkWorkPlan(senegal, 1999, [
      { component: 'tourism', funder: 'fr-state', amount: '1' },
      { component: 'migrant-investment', funder: 'sn-state', amount: '1' },
      { component: 'local-development', funder: 'sn-state', amount: '1.5' },
      { component: 'local-development', funder: 'fr-state', amount: '0' },
      { component: 'local-development', funder: 'fr-state', amount: '3' },
    ]);
    expect(r.ok ? [] : r.violations.map((v) => v.path)).toEqual([
      'year',
      'allocations[0].component',
      'allocations[1].funder',
      'allocations[2].amount',
      'allocations[3].amount',
      'allocations[4].funder',
    ]);
  });
});

describe('steeringCommitteeRules', () => {
  it('decides by a simple majority of a quorum of the seats', () => {
    const rules = steeringCommitteeRules(senegal);
    const vote = (role: string, subject: string, v: 'FOR' | 'AGAINST') => ({
      role,
      subject,
      vote: v,
    });
    // Three of five seats for: the two left cannot overturn it.
    expect(
      tallyCommittee(rules, [
        vote('fr-state', 'a', 'FOR'),
        vote('sn-state', 'b', 'FOR'),
        vote('diaspora', 'c', 'FOR'),
      ]).state,
    ).toBe('APPROVED');
    // When the vote closes with one vote cast, there is no quorum.
    expect(tallyCommittee(rules, [vote('fr-state', 'a', 'FOR')], true)).toMatchObject({
      state: 'REJECTED',
      reason: 'no quorum: 1 of 3 members voted',
    });
  });
});
