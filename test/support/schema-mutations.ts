import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  buildSchema,
  type GraphQLField,
  type GraphQLInputType,
  getNamedType,
  isLeafType,
  isNonNullType,
} from 'graphql';

/** Every mutation of the committed schema, as a client sees it. */
export const schemaMutations = (): GraphQLField<unknown, unknown>[] => {
  const schema = buildSchema(
    readFileSync(join(__dirname, '..', '..', 'apps', 'api', 'schema.graphql'), 'utf8'),
  );
  return Object.values(schema.getMutationType()!.getFields());
};

/** The mutation's required arguments (those a client must send). */
export const requiredArgs = (field: GraphQLField<unknown, unknown>) =>
  field.args.filter((a) => isNonNullType(a.type) && a.defaultValue === undefined);

/**
 * The mutation as a client would send it, with a variable for each argument of `args`
 * (its required ones unless told), valued by `valueOf`.
 */
export function mutationRequest(
  field: GraphQLField<unknown, unknown>,
  valueOf: (type: GraphQLInputType, name: string) => unknown,
  args = requiredArgs(field),
) {
  const params = args.map((a) => `$${a.name}: ${a.type.toString()}`).join(', ');
  const list = args.map((a) => `${a.name}: $${a.name}`).join(', ');
  const selection = isLeafType(getNamedType(field.type)) ? '' : ' { __typename }';
  return {
    query: `mutation${params ? `(${params})` : ''} { ${field.name}${list ? `(${list})` : ''}${selection} }`,
    variables: Object.fromEntries(args.map((a) => [a.name, valueOf(a.type, a.name)])),
  };
}

/** Tables a refused mutation must leave as they were (what a request writes synchronously). */
export const WRITTEN_TABLES = [
  'organisation',
  'person_detail',
  'jurisdiction',
  'programme',
  'programme_version',
  'directive',
  'exchange_rate',
  'call',
  'application',
  'agreement_work_plan',
];
