import { signWebhook, verifyWebhook } from './webhook-signature';

describe('webhook signatures', () => {
  const body = JSON.stringify({ kind: 'SUBMITTED' });
  const now = 1_800_000_000;

  it('verify under the secret, within the tolerance', () => {
    const signature = signWebhook('s3cret', now, body);
    expect(signature).toMatch(/^v1=[0-9a-f]{64}$/);
    expect(verifyWebhook('s3cret', signature, String(now), body, now + 10)).toBe(true);
  });

  it('fail for another secret, another body, or a replay after the tolerance', () => {
    const signature = signWebhook('s3cret', now, body);
    expect(verifyWebhook('other', signature, String(now), body, now)).toBe(false);
    expect(verifyWebhook('s3cret', signature, String(now), `${body} `, now)).toBe(false);
    expect(verifyWebhook('s3cret', signature, String(now), body, now + 301)).toBe(false);
    expect(verifyWebhook('s3cret', signature, 'x', body, now)).toBe(false);
  });
});
