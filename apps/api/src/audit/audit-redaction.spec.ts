import { redactArguments } from './audit-redaction';

describe('redactArguments', () => {
  it('withholds personal data and secrets, wherever they are', () => {
    expect(
      redactArguments({
        input: {
          name: 'Promoteur de Thiès',
          person: { legalName: 'Mamadou Diop', birthDate: '1979-11-20' },
          parties: [{ role: 'saver', token: 'abc' }],
        },
      }),
    ).toEqual({
      input: {
        name: 'Promoteur de Thiès',
        person: '[withheld]',
        parties: [{ role: 'saver', token: '[withheld]' }],
      },
    });
  });

  it('cuts long texts and says how long they were', () => {
    const definition = 'x'.repeat(5000);
    expect(redactArguments({ definition })).toEqual({
      definition: `${'x'.repeat(2000)}… [5000 characters]`,
    });
  });
});
