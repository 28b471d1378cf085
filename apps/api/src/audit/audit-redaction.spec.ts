import { redactArguments } from './audit-redaction';

describe('redactArguments', () => {
  it('withholds personal data and secrets, wherever they are', () => {
    expect(
      redactArguments({
        input: {
          name: 'Promoteur de Thiès',
          person: { legalName: 'Mamadou Diop', birthDate: '1979-11-20' },
          parties: [{ role: 'saver', token: 'abc' }],
          target: 'tesoreria@example.org',
        },
      }),
    ).toEqual({
      input: {
        name: 'Promoteur de Thiès',
        person: '[withheld]',
        parties: [{ role: 'saver', token: '[withheld]' }],
        target: '[withheld]',
      },
    });
  });

  it('cuts long texts and says how long they were', () => {
    const definition = 'x'.repeat(5000);
    expect(redactArguments({ definition })).toEqual({
      definition: `${'x'.repeat(2000)}… [5000 characters]`,
    });
  });

  it('keeps a refused request recordable: NUL and lone surrogates become U+FFFD, keys included', () => {
    expect(redactArguments({ input: { title: 'a\u0000b', ['k\u0000']: 'x\ud800' } })).toEqual({
      input: { title: 'a\ufffdb', ['k\ufffd']: 'x\ufffd' },
    });
    expect(redactArguments({ t: `${'x'.repeat(1999)}💧tail` })).toEqual({
      t: `${'x'.repeat(1999)}\ufffd… [2005 characters]`,
    });
  });
});
