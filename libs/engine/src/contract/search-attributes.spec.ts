import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SEARCH_ATTRIBUTES } from './search-attributes';

describe('search attributes', () => {
  it('are the ones the dev server is started with (scripts/lib/search-attributes.mjs)', () => {
    const script = readFileSync(
      join(__dirname, '..', '..', '..', '..', 'scripts', 'lib', 'search-attributes.mjs'),
      'utf8',
    );
    const flags = [...script.matchAll(/'(\w+=\w+)'/g)].map((m) => m[1]);
    const types: Record<string, string> = { KEYWORD: 'Keyword', INT: 'Int' };
    expect(Object.values(SEARCH_ATTRIBUTES).map((k) => `${k.name}=${types[k.type]}`)).toEqual(
      flags,
    );
  });
});
