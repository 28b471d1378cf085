import fc from 'fast-check';
import { textProblem, unstorableText } from './storable-text';

describe('the rule for stored text', () => {
  it('accepts ordinary text in any script, with paragraphs and emoji', () => {
    for (const ok of [
      'Jerez',
      'Club Jerezano de Los Ángeles',
      'Thiès\n\tDakar',
      'وجدة',
      '水道 💧',
      '',
    ])
      expect(textProblem(ok)).toBeNull();
  });

  it('refuses NUL and other control characters, lone surrogates, and text that shows nothing', () => {
    expect(textProblem('a\u0000b')).toMatch(/control/);
    expect(textProblem('bell\u0007')).toMatch(/control/);
    expect(textProblem('c1\u0085')).toMatch(/control/);
    expect(textProblem('half \ud800')).toMatch(/well-formed/);
    expect(textProblem(' ')).toMatch(/blank/);
    expect(textProblem('\u200b\u200d\ufeff')).toMatch(/blank/);
    expect(textProblem('\u3164')).toMatch(/blank/);
    expect(textProblem('\n\t ')).toMatch(/blank/);
  });

  it('names each problem by its path, keys of JSON payloads included', () => {
    expect(
      unstorableText({
        title: ' ',
        items: [{ description: 'ok' }, { description: 'x\u0000' }],
        payload: { 'bad\u0000key': 1 },
        when: new Date(0),
      }),
    ).toEqual([
      { path: 'title', message: 'title must not be blank' },
      {
        path: 'items.1.description',
        message: 'items.1.description must not contain control characters',
      },
      {
        path: 'payload.bad\u0000key',
        message: 'the key "bad\\u0000key" must not contain control characters',
      },
    ]);
  });

  it('finds a control character wherever it hides in a value', () => {
    fc.assert(
      fc.property(
        fc.jsonValue(),
        fc.integer({ min: 0, max: 31 }).filter((c) => c !== 9 && c !== 10 && c !== 13),
        (value, code) => {
          const poisoned = { value, note: `x${String.fromCharCode(code)}` };
          expect(unstorableText(poisoned).map((v) => v.path)).toContain('note');
        },
      ),
    );
  });
});
