import type { GraphQLSchema } from 'graphql';
import type { Permission } from '@codev/auth';

/**
 * Each mutation's description ends with who may call it, read from the one permissions table,
 * so the schema (and the IDE's documentation) says it without a second list to keep.
 */
export function describeMutationRoles(
  schema: GraphQLSchema,
  permissions: ReadonlyMap<string, Permission>,
): GraphQLSchema {
  for (const field of Object.values(schema.getMutationType()?.getFields() ?? {})) {
    const permission = permissions.get(field.name);
    if (!permission) continue;
    const who = permission.roles.length
      ? `Token role: ${permission.roles.join(' or ')}.`
      : 'Any signed-in caller; the target decides who may.';
    const said = (field.description ?? '').replace(/\.?\s*$/, '');
    field.description = said ? `${said}. ${who}` : who;
  }
  return schema;
}
