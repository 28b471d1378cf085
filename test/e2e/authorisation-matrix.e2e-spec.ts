import {
  type GraphQLInputType,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
} from 'graphql';
import * as jwt from 'jsonwebtoken';
import { MUTATION_PERMISSIONS } from '../../apps/api/src/auth/mutation-permissions';
import { errorCodes, gql } from '../support/graphql-client';
import { mutationRequest, schemaMutations } from '../support/schema-mutations';
import { startTestStack, TestStack } from '../support/test-stack';
import { mintToken } from '../support/tokens';

/**
 * The authorisation matrix, generated from the committed schema: every mutation, called with
 * no token, a forged token and a token without the role its rule needs, is refused with the
 * right code and writes nothing. A mutation without a rule fails the first test, so a new
 * mutation cannot ship unguarded.
 */
const mutations = schemaMutations();
const SOME_ID = '00000000-0000-4000-8000-000000000000';

/** A value of `type` that passes GraphQL's own coercion: required fields only, lists empty. */
function sample(type: GraphQLInputType): unknown {
  if (isNonNullType(type)) return sample(type.ofType);
  if (isListType(type)) return [];
  if (isEnumType(type)) return type.getValues()[0].value;
  if (isInputObjectType(type))
    return Object.fromEntries(
      Object.values(type.getFields())
        .filter((f) => isNonNullType(f.type) && f.defaultValue === undefined)
        .map((f) => [f.name, sample(f.type)]),
    );
  const scalars: Record<string, unknown> = {
    String: 'x',
    ID: SOME_ID,
    Int: 1,
    Float: 1,
    Boolean: false,
    DateTime: '2026-12-04T00:00:00Z',
    JSON: {},
  };
  return scalars[getNamedType(type).name];
}

const request = (field: (typeof mutations)[number]) => mutationRequest(field, sample);

const TABLES = [
  'organisation',
  'person_detail',
  'jurisdiction',
  'programme_version',
  'directive',
  'exchange_rate',
  'call',
  'application',
  'application_event',
  'ledger_posting',
  'agreement_work_plan',
];
let stack: TestStack;
const counts = async () =>
  Object.fromEntries(
    await Promise.all(
      TABLES.map(async (t) => [
        t,
        (await stack.db.dataSource.query(`SELECT count(*)::int AS n FROM ${t}`))[0].n as number,
      ]),
    ),
  );

beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(() => stack?.close());

describe('the authorisation matrix', () => {
  it('has a rule for every mutation of the schema, and none for a mutation that is gone', () => {
    const names = mutations.map((m) => m.name);
    expect(names.filter((n) => !MUTATION_PERMISSIONS.has(n))).toEqual([]);
    expect([...MUTATION_PERMISSIONS.keys()].filter((n) => !names.includes(n))).toEqual([]);
  });

  const forged = jwt.sign(
    { sub: 'mallory', roles: ['platform-admin'] },
    'not-the-secret-of-this-api-at-all!',
    {
      algorithm: 'HS256',
      issuer: 'codev-local',
      audience: 'codev-api',
      expiresIn: '1h',
    },
  );
  const callers: [string, (rule: readonly string[]) => string | undefined, string][] = [
    ['no token', () => undefined, 'UNAUTHENTICATED'],
    ['a forged token', () => forged, 'UNAUTHENTICATED'],
    [
      // Every role a rule does not name: the organisation's other staff, say an evaluator
      // casting a committee vote, or a designer registering organisations.
      'a token without the role',
      (rule) =>
        rule.length === 0
          ? undefined
          : mintToken({
              sub: 'outsider',
              org: SOME_ID,
              roles: [
                'platform-admin',
                'org-admin',
                'programme-designer',
                'member',
                'evaluator',
              ].filter((r) => !rule.includes(r)),
            }),
      'FORBIDDEN',
    ],
  ];

  it.each(callers.map(([who, , code]) => [who, code]))(
    'refuses every mutation called with %s (%s), writing nothing',
    async (who) => {
      const [, tokenFor, code] = callers.find(([w]) => w === who)!;
      const before = await counts();
      const wrong: string[] = [];
      let tried = 0;
      for (const field of mutations) {
        const rule = MUTATION_PERMISSIONS.get(field.name)?.roles ?? [];
        const token = tokenFor(rule);
        if (who === 'a token without the role' && token === undefined) continue;
        tried++;
        const { query, variables } = request(field);
        const res = await gql(stack.url, query, variables, token);
        const got = errorCodes(res).join(',');
        if (got !== code || res.data?.[field.name])
          wrong.push(`${field.name}: ${got || 'accepted'}`);
      }
      expect(wrong).toEqual([]);
      expect(tried).toBeGreaterThan(who === 'a token without the role' ? 20 : 30);
      expect(await counts()).toEqual(before);
    },
  );
});
