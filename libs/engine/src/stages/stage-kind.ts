import type { z } from 'zod';
import type { FundingSplit, Violation } from '@codev/domain';
import type { ProgrammeDefinition } from '../definition/programme-definition.schema';
import type { DeadlineDefinition } from '../definition/schema-atoms';
import type { RoundInfo, RoundMessage } from '../contract/round.contract';
import type { ActionSpec } from './action-spec';
import type { ProjectIndicator } from '../definition/project-indicators';
import type { Projection } from './projection';

/**
 * What a stage kind is: a module of pure functions the one interpreter calls. A kind never
 * does I/O; it returns what should be recorded (events) and done (effects), and the workflow
 * hands those to one activity per transition. Its folder holds its definition schema, these
 * functions, the actions people take at it (which become Temporal Updates and GraphQL
 * mutations) and its projection; `registry.ts` lists the kinds.
 */
export interface StageKind<D extends { id: string; kind: string } = AnyStage, S = unknown> {
  readonly kind: D['kind'];
  /** The stage as a programme designer writes it. */
  readonly schema: z.ZodType<D>;
  /** What the shape cannot say: references to roles, reports, tranches. Paths are relative to the stage. */
  check?(stage: D, refs: DefinitionRefs): Violation[];
  /** Entering the stage: its first state, and anything it does at once. */
  start(stage: D, ctx: StageContext): Step<S>;
  /** Something changed elsewhere (a fact this stage waits on): the stage may move by itself. */
  react?(stage: D, state: S, ctx: StageContext): Step<S> | undefined;
  /** The deadline the stage opened has passed. */
  expire?(stage: D, state: S, ctx: StageContext): Step<S>;
  /** The result of an effect this stage marked `settles`. */
  settle?(stage: D, state: S, result: unknown, ctx: StageContext): Step<S>;
  /** A message from the round (call) the application takes part in. */
  receive?(stage: D, state: S, message: RoundMessage, ctx: StageContext): Step<S> | undefined;
  /** The human steps taken at this stage. */
  readonly actions: Readonly<Record<string, StageAction<D, S>>>;
  /** How its effects are written: one handler per effect type it emits. */
  readonly projection?: Projection;
  /** The party that must act now: its jurisdiction's calendar and time zone count the deadline. */
  actingRole?(stage: D, state: S): string | undefined;
  /** The roles whose step the stage waits for now (what a client should offer next). */
  waitingFor?(stage: D, state: S, ctx: StageContext): string[];
}

export interface StageAction<D, S, I = unknown> {
  /** How the step appears in the API: mutation, input type, fields, the roles a token needs. */
  readonly spec: ActionSpec;
  /** Refuses what the current state does not allow; runs as the Update's validator. */
  validate(stage: D, state: S, input: I, actor: Actor, ctx: StageContext): Refusal | undefined;
  apply(stage: D, state: S, input: I, actor: Actor, ctx: StageContext): Step<S>;
}

/** A stage as the registry sees it before its kind is known. */
export type AnyStage = { id: string; name: string; kind: string };

/** Who takes a human step: the token's subject, organisation and roles. */
export interface Actor {
  subject: string;
  organisationId: string;
  roles: string[];
}

export type RefusalType = 'FORBIDDEN' | 'CONFLICT' | 'BAD_USER_INPUT';
export interface Refusal {
  type: RefusalType;
  message: string;
  /** For BAD_USER_INPUT: each problem by the path of its input field. */
  violations?: Violation[];
}
export const refuse = {
  forbidden: (message: string): Refusal => ({ type: 'FORBIDDEN', message }),
  conflict: (message: string): Refusal => ({ type: 'CONFLICT', message }),
  badInput: (message: string, violations?: Violation[]): Refusal => ({
    type: 'BAD_USER_INPUT',
    message,
    ...(violations ? { violations } : {}),
  }),
};

export interface EngineFeatures {
  /** An ON_CONDITIONS tranche also waits for its funders' dates in the committee's timeline. */
  trancheDates?: boolean;
}

/** What a kind sees of the application it runs in. */
export interface StageContext {
  readonly applicationId: string;
  readonly definition: ProgrammeDefinition;
  /** role → organisation id */
  readonly parties: Readonly<Record<string, string>>;
  readonly funding: FundingSplit;
  readonly round: RoundInfo | undefined;
  /** Workflow time, in milliseconds. */
  readonly now: number;
  /** Facts stages publish for each other (reports filed, open findings). */
  readonly facts: ReadonlyMap<string, unknown>;
  /** The indicators the project reports on, with its baseline and target. */
  readonly indicators: readonly ProjectIndicator[];
  /** Documents filed with the submission. */
  readonly submittedDocuments: readonly { documentType: string; uri: string }[];
  /**
   * Behaviour that came after applications already running: on for workflows started since
   * (the workflow's `patched()`), off when an older history replays.
   */
  readonly features: EngineFeatures;
  /** The time zone of the party playing `role` (its jurisdiction's), else the programme's. */
  timeZoneOf(role: string): string;
  /** A refusal unless the actor belongs to the organisation playing `role` in this application. */
  actsAs(actor: Actor, role: string): Refusal | undefined;
}

export interface EventDraft {
  kind: string;
  detail?: Record<string, unknown>;
  actor?: Actor | null;
  role?: string | null;
  reason?: string | null;
}

/** An effect for the transition's activity; `type` names the projection handler that performs it. */
export interface EffectDraft {
  type: string;
  /** Its result comes back to the stage's `settle`. */
  settles?: boolean;
  [field: string]: unknown;
}

export type StageOutcome = { done: true } | { rejected: string };

/** What a stage function returns: the new state and what the transition records and does. */
export interface Step<S> {
  state: S;
  events?: EventDraft[];
  effects?: EffectDraft[];
  outcome?: StageOutcome;
  /** Opens the stage's deadline: in working days (computed by the transition's activity) or at an instant. */
  deadline?: DeadlineDefinition | { at: string };
  /** The stage's open deadline is met, though the stage goes on. */
  deadlineMet?: boolean;
  /** Publishes facts for other stages. */
  facts?: Record<string, unknown>;
  status?: 'APPROVED' | 'IN_EXECUTION';
  /** The split changes (a grant smaller than requested). */
  funding?: FundingSplit;
  /** Returned to the caller of an action (e.g. the id of a finding). */
  reply?: Record<string, string>;
}

/** What a kind's `check` may ask of the rest of the definition. */
export interface DefinitionRefs {
  definition: ProgrammeDefinition;
  /** A violation at `path` unless `role` is a party role. */
  role(role: string, path: string): Violation[];
  /** Every stage of the procedure, depth first. */
  stages: readonly AnyStage[];
  /** Stages certain to have finished before this one starts (its path through the procedure). */
  before(stageId: string): readonly AnyStage[];
  /** Stages that may run while this one does (other branches of the PARALLELs it is in). */
  beside(stageId: string): readonly AnyStage[];
}
