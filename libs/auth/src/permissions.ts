/**
 * Who may call a mutation: a principal holding any of `roles`, or any authenticated
 * principal when `roles` is empty. Checks that depend on the target (acting for *this*
 * organisation, sitting on *this* committee) belong to services and workflows.
 */
export interface Permission {
  roles: readonly string[];
}

/** The injection token of the API's table of mutation permissions. */
export const MUTATION_PERMISSIONS = Symbol('codev:mutation-permissions');
export type MutationPermissions = ReadonlyMap<string, Permission>;
