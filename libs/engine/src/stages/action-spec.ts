/**
 * How a stage's human step appears in the GraphQL API, as data: the API builds the input
 * type, its validation and the mutation from it, so a stage kind declares its steps in its
 * own folder and the API needs no file per step.
 */
export interface ActionSpec {
  /** The GraphQL mutation, e.g. `castCommitteeVote`. */
  mutation: string;
  description: string;
  /** The GraphQL input type; two actions with the same fields may share one. */
  inputType: string;
  /**
   * `stage`: the input names the stage (`stageId`); `kind`: the step goes to the open stage of
   * this kind (an application takes part in one selection at a time).
   */
  addressedBy: 'stage' | 'kind';
  /** Roles the caller's token must hold, any of them (checked by the API before the workflow). */
  tokenRoles: readonly string[];
  fields: Readonly<Record<string, FieldSpec>>;
  /**
   * The step pays money out or writes it off, under the input's `reference`: where the stage
   * asks for four eyes, it is only proposed until a second person confirms it.
   */
  movesMoney?: true;
}

export type FieldSpec = FieldType & {
  /** The step may leave it out (null in GraphQL); the stage kind's validator decides what that means. */
  optional?: true;
};

type FieldType =
  | { type: 'text'; max: number; description?: string }
  /** Lower-case key: a role, a tranche, a finding. */
  | { type: 'key'; description?: string }
  /** Upper-case code: a document or report type. */
  | { type: 'code'; description?: string }
  | { type: 'uri'; description?: string }
  | { type: 'date'; description?: string }
  /** The id of a record elsewhere (another application). */
  | { type: 'id'; description?: string }
  | { type: 'decimal'; description?: string }
  | { type: 'enum'; name: string; values: readonly string[]; description?: string }
  | {
      type: 'list';
      of: { inputType: string; fields: Readonly<Record<string, FieldSpec>> };
      min: number;
      max: number;
      description?: string;
    };

/** The role a token needs to act for its organisation in ordinary steps. */
export const MEMBER_ROLES = ['member', 'org-admin'] as const;
