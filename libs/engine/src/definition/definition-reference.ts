import { z } from 'zod';
import { programmeDefinitionSchema } from './programme-definition.schema';

/** The subset of JSON Schema that zod emits for the definition language. */
interface JsonSchema {
  type?: string;
  description?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  const?: unknown;
  pattern?: string;
  minimum?: number;
  exclusiveMinimum?: number;
  minLength?: number;
  minItems?: number;
  oneOf?: JsonSchema[];
  anyOf?: JsonSchema[];
  $ref?: string;
  $defs?: Record<string, JsonSchema>;
}

/**
 * The definition language as a JSON Schema (2020-12), for editors: YAML files that start with
 * `# yaml-language-server: $schema=<path to docs/definition-language.schema.json>` get
 * completion and checks. What the shape cannot say (references between roles, stages and
 * reports; sums of percentages) is checked when a draft is saved.
 */
export function definitionJsonSchema(): Record<string, unknown> {
  return {
    $id: 'https://codev.invalid/schemas/programme-definition.json',
    title: 'codev programme definition',
    ...z.toJSONSchema(programmeDefinitionSchema, { io: 'input', unrepresentable: 'any' }),
  };
}

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** The schema atoms' patterns, by what a designer calls them. */
const ATOMS: Record<string, string> = {
  '^[a-z0-9][a-z0-9-]{0,62}$': 'key (a-z, 0-9, -)',
  '^[a-z][a-z0-9-]{0,62}$': 'token role (e.g. org-admin)',
  '^[A-Z][A-Z0-9_]{0,62}$': 'CODE (A-Z, 0-9, _)',
  '^[A-Z]{3}$': 'currency (ISO 4217)',
  '^[A-Z]{2}$': 'country (ISO 3166-1)',
  '^\\d{1,18}(\\.\\d{1,6})?$': 'amount, as text ("1500.00")',
  '^\\d{1,3}(\\.\\d{1,4})?$': 'percent, as text ("30")',
  '^\\d+(\\.\\d+)?$': 'decimal, as text',
  '^\\d{4}-\\d{2}-\\d{2}$': 'date YYYY-MM-DD',
};

function typeOf(s: JsonSchema): string {
  if (s.$ref) return 'stage (below)';
  if (s.const !== undefined) return `\`${String(s.const)}\``;
  if (s.enum) return s.enum.map((v) => `\`${String(v)}\``).join(' | ');
  const alternatives = s.oneOf ?? s.anyOf;
  if (alternatives) return alternatives.map(typeOf).join(' or ');
  if (s.type === 'array') return `list of ${s.items ? typeOf(s.items) : 'anything'}`;
  if (s.type === 'object')
    return s.properties ? `{ ${Object.keys(s.properties).join(', ')} }` : 'object';
  if (s.type === 'string' && s.pattern) return ATOMS[s.pattern] ?? `text \`${s.pattern}\``;
  if (s.type === 'integer' || s.type === 'number') {
    if (s.exclusiveMinimum !== undefined) return `${s.type} > ${s.exclusiveMinimum}`;
    return s.minimum === undefined ? s.type : `${s.type} ≥ ${s.minimum}`;
  }
  return s.type ?? 'anything';
}

/** One row per field, nested objects (and lists of objects) by their dotted path. */
function rows(s: JsonSchema, prefix: string): string[] {
  const required = new Set(s.required ?? []);
  return Object.entries(s.properties ?? {}).flatMap(([name, field]) => {
    const path = prefix ? `${prefix}.${name}` : name;
    const row = `| \`${path}\` | ${cell(typeOf(field))} | ${required.has(name) ? 'yes' : ''} | ${cell(field.description ?? '')} |`;
    const inner = field.type === 'array' ? field.items : field;
    const nested =
      inner?.type === 'object' && inner.properties
        ? rows(inner, field.type === 'array' ? `${path}[]` : path)
        : [];
    return [row, ...nested];
  });
}

const table = (s: JsonSchema, prefix = '') => [
  '| field | type | required | meaning |',
  '| --- | --- | --- | --- |',
  ...rows(s, prefix),
];

/** The Markdown reference, generated from the same schema a draft is checked against. */
export function definitionReferenceMarkdown(schema = definitionJsonSchema() as JsonSchema): string {
  const stages = Object.values(schema.$defs ?? {})[0]?.oneOf ?? [];
  const kinds = stages.map((stage) => {
    const kind = String(stage.properties?.kind?.const ?? '?');
    return [
      `### ${kind}`,
      '',
      stage.description ?? '',
      '',
      ...table({ ...stage, properties: stage.properties }),
      '',
    ];
  });
  return [
    '# The programme definition language',
    '',
    '<!-- Generated from the schema in libs/engine by `UPDATE_REFERENCE=1 npx jest definition-reference`; a test fails when it drifts. -->',
    '',
    'A programme is a YAML (or JSON) document: who takes part in which role, who may apply for',
    'what, how the money is split, and the stages an application walks through. Save it with',
    '`saveProgrammeDraft`, publish it with `publishProgrammeDraft`; a draft is checked on save',
    'against this shape and against what the shape cannot say (roles, stages and reports that',
    'refer to each other, percentages that add up). The examples in `programmes/` run as they are.',
    '',
    'Editors: `docs/definition-language.schema.json` is this language as a JSON Schema; a YAML',
    'file starting with `# yaml-language-server: $schema=../docs/definition-language.schema.json`',
    'gets completion and checks in editors that use the YAML language server.',
    '',
    '## Programme',
    '',
    ...table(schema),
    '',
    '## Stages',
    '',
    'Every stage has an `id` (unique in the programme), a `name` (the programme’s own words,',
    'used in messages) and a `kind`, one of those below.',
    '',
    ...kinds.flat(),
  ].join('\n');
}
