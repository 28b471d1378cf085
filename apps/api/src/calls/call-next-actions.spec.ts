import { callNextActions } from './call-next-actions';

const call = (
  status: 'SCHEDULED' | 'OPEN' | 'CLOSED' | 'EVALUATION' | 'PROVISIONAL' | 'RESOLVED',
) => ({
  status,
  issuerId: 'madrid',
  closesAt: new Date('2027-01-31T22:59:59Z'),
  phaseDeadline: new Date('2027-02-10T22:59:59Z'),
});
const entries = [
  { status: 'DEFECTIVE', applicantId: 'ngo-a' },
  { status: 'COMPLETE', applicantId: 'ngo-b' },
  { status: 'COMPLETE', applicantId: 'ngo-a' },
];

describe('who must act on a call', () => {
  it('follows the call through its phases', () => {
    const who = (status: Parameters<typeof call>[0]) =>
      callNextActions(call(status), entries).map((a) => [a.party, a.organisationIds]);
    expect(who('SCHEDULED')).toEqual([]);
    expect(who('OPEN')).toEqual([['APPLICANTS', []]]);
    expect(who('CLOSED')).toEqual([['APPLICANT', ['ngo-a']]]);
    expect(who('EVALUATION')).toEqual([['ISSUER', ['madrid']]]);
    expect(who('PROVISIONAL')).toEqual([
      ['APPLICANT', ['ngo-a', 'ngo-b']],
      ['ISSUER', ['madrid']],
    ]);
    expect(who('RESOLVED')).toEqual([]);
  });

  it('gives the window’s close while open, and the phase’s end after', () => {
    expect(callNextActions(call('OPEN'), [])[0].dueAt).toEqual(new Date('2027-01-31T22:59:59Z'));
    expect(callNextActions(call('EVALUATION'), [])[0].dueAt).toEqual(
      new Date('2027-02-10T22:59:59Z'),
    );
    expect(callNextActions(call('CLOSED'), [{ status: 'COMPLETE', applicantId: 'x' }])).toEqual([]);
  });
});
