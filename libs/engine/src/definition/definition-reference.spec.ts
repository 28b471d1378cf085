import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { definitionJsonSchema, definitionReferenceMarkdown } from './definition-reference';

// The reference and the JSON Schema are generated from the schema drafts are checked
// against, and committed under docs/; this fails when either drifts (UPDATE_REFERENCE=1
// rewrites them).
const DOCS = join(__dirname, '..', '..', '..', '..', 'docs');
const files = {
  'definition-language.schema.json': `${JSON.stringify(definitionJsonSchema(), null, 2)}\n`,
  'definition-language.md': `${definitionReferenceMarkdown()}\n`,
};

describe('the definition language reference', () => {
  it.each(Object.entries(files))('docs/%s matches the schema', (name, generated) => {
    const path = join(DOCS, name);
    if (process.env.UPDATE_REFERENCE === '1') writeFileSync(path, generated);
    expect(readFileSync(path, 'utf8')).toBe(generated);
  });

  it('names every stage kind and the fields a designer writes', () => {
    const text = files['definition-language.md'];
    for (const kind of ['CHECK', 'COMMITTEE', 'DISBURSEMENT', 'LOAN', 'SELECTION', 'PARALLEL'])
      expect(text).toContain(`### ${kind}`);
    expect(text).toContain('| `funding.shares[].weight` |');
    expect(text).toContain('| `tranches[].afterReport` |');
  });

  it('is a JSON Schema the demo programmes satisfy, and that refuses what a draft may not hold', async () => {
    const { Ajv2020 } = await import('ajv/dist/2020');
    const validate = new Ajv2020({ strict: false }).compile(definitionJsonSchema());
    const programmes = join(DOCS, '..', 'programmes');
    const demo = parse(readFileSync(join(programmes, 'mx-3x1.yaml'), 'utf8')) as object;
    expect(validate(demo)).toBe(true);
    expect(validate({ ...demo, currency: 'pesos' })).toBe(false);
  });
});
