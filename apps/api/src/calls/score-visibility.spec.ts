import { Role } from '@codev/auth';
import { reasonsVisible, scoresVisible } from './score-visibility';

const person = (organisationId: string | null, roles: string[] = [Role.Member]) => ({
  subject: 's',
  organisationId,
  roles: new Set(roles),
});
const call = (status: 'EVALUATION' | 'PROVISIONAL') => ({ status, issuerId: 'madrid' });

describe('who sees a call’s scores', () => {
  it('keeps scores to the issuer while evaluating, and publishes them with the resolution', () => {
    expect(scoresVisible(call('EVALUATION'), null)).toBe(false);
    expect(scoresVisible(call('EVALUATION'), person('ngo'))).toBe(false);
    expect(scoresVisible(call('EVALUATION'), person('madrid'))).toBe(true);
    expect(scoresVisible(call('EVALUATION'), person(null, [Role.PlatformAdmin]))).toBe(true);
    expect(scoresVisible(call('PROVISIONAL'), null)).toBe(true);
  });

  it('shows the evaluators’ reasons to the applicant once the ranking is out, to no other applicant', () => {
    expect(reasonsVisible(call('EVALUATION'), 'ngo', person('ngo'))).toBe(false);
    expect(reasonsVisible(call('PROVISIONAL'), 'ngo', person('ngo'))).toBe(true);
    expect(reasonsVisible(call('PROVISIONAL'), 'ngo', person('other'))).toBe(false);
    expect(reasonsVisible(call('PROVISIONAL'), 'ngo', null)).toBe(false);
    expect(reasonsVisible(call('EVALUATION'), 'ngo', person('madrid'))).toBe(true);
  });
});
