import { targetProblem } from './notification-target';

describe('targetProblem', () => {
  it('takes https anywhere, http outside production, and addresses for e-mail', () => {
    expect(
      targetProblem('WEBHOOK', 'https://hooks.example.org/codev', 'production'),
    ).toBeUndefined();
    expect(targetProblem('WEBHOOK', 'http://127.0.0.1:8080/x', 'test')).toBeUndefined();
    expect(targetProblem('WEBHOOK', 'http://hooks.example.org/', 'production')).toBe(
      'must be an https URL',
    );
    expect(targetProblem('EMAIL', 'tesoreria@jerez.gob.mx', 'production')).toBeUndefined();
  });

  it('refuses what is no target', () => {
    expect(targetProblem('WEBHOOK', 'ftp://example.org', 'test')).toBe('must be an http(s) URL');
    expect(targetProblem('WEBHOOK', 'not a url', 'test')).toBe('must be an http(s) URL');
    expect(targetProblem('WEBHOOK', 'https://u:p@example.org', 'test')).toMatch(/credentials/);
    expect(targetProblem('EMAIL', 'jerez.gob.mx', 'test')).toBe('must be an e-mail address');
  });
});
