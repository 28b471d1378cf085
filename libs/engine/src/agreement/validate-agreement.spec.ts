import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseProgrammeText } from '../definition/programme-file';
import { validateAgreementDefinition } from './validate-agreement';

const AGREEMENTS = join(__dirname, '..', '..', '..', '..', 'agreements');
const load = (file: string) => {
  const parsed = parseProgrammeText(readFileSync(join(AGREEMENTS, file), 'utf8'));
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.violations));
  return parsed.value as Record<string, unknown>;
};
const problems = (raw: unknown) => {
  const r = validateAgreementDefinition(raw);
  return r.ok ? [] : r.violations.map((v) => `${v.path}: ${v.message}`);
};

describe('agreements/', () => {
  it.each(readdirSync(AGREEMENTS).filter((f) => f.endsWith('.yaml')))('%s is valid', (file) =>
    expect(problems(load(file))).toEqual([]),
  );

  it('refuses unknown roles, committees that cannot meet, programmes in two components and bad amounts', () => {
    const d = load('fr-sn-2000.yaml') as {
      steeringCommittee: Record<string, unknown>;
      components: { programmes?: string[]; envelopes?: Record<string, string>[] }[];
    };
    d.steeringCommittee.coChair = 'nobody';
    d.steeringCommittee.quorum = 9;
    d.components[1].programmes = ['fr-sn-codev-investissement'];
    d.components[1].envelopes![0] = { funder: 'it-state', currency: 'EUR', yearlyAmount: '1.001' };
    expect(problems(d)).toEqual([
      'steeringCommittee.coChair: "nobody" has no seat on the committee',
      'steeringCommittee.quorum: is 9, but the committee has 5 seat(s)',
      'components[1].programmes[0]: "fr-sn-codev-investissement" already runs under component "migrant-investment"',
      'components[1].envelopes[0].funder: "it-state" is not a party of this agreement',
      'components[1].envelopes[0].yearlyAmount: "1.001" has 3 decimals; EUR has 2',
    ]);
  });
});
