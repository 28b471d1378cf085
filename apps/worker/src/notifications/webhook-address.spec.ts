import { assertPublicTarget, isInternalAddress } from './webhook-address';

describe('webhook addresses', () => {
  it('tells internal addresses from public ones', () => {
    for (const a of [
      '127.0.0.1',
      '10.1.2.3',
      '172.20.0.5',
      '192.168.1.1',
      '169.254.169.254',
      '::1',
      'fd00::1',
      '::ffff:127.0.0.1',
    ])
      expect([a, isInternalAddress(a)]).toEqual([a, true]);
    for (const a of ['8.8.8.8', '2001:4860:4860::8888', '203.0.113.9'])
      expect([a, isInternalAddress(a)]).toEqual([a, false]);
  });

  it('refuses a URL whose host is, or resolves to, an internal address', async () => {
    await expect(assertPublicTarget('http://169.254.169.254/latest/meta-data')).rejects.toThrow(
      /internal address/,
    );
    await expect(assertPublicTarget('http://localhost:8080/hook')).rejects.toThrow(
      /internal address/,
    );
    await expect(assertPublicTarget('https://[::1]/hook')).rejects.toThrow(/internal address/);
    await expect(assertPublicTarget('https://203.0.113.9/hook')).resolves.toBeUndefined();
  });
});
