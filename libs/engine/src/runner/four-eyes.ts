import type { StepRequest } from '../contract/application.contract';
import type { FourEyesDefinition } from '../definition/schema-atoms';
import type { ActionSpec } from '../stages/action-spec';
import {
  type Actor,
  type AnyStage,
  type EventDraft,
  refuse,
  type Refusal,
} from '../stages/stage-kind';

export const CONFIRM_MONEY_STEP = 'confirmMoneyStep';
export const REJECT_MONEY_STEP = 'rejectMoneyStep';

const reference = {
  type: 'text',
  max: 200,
  description: 'The reference the step was proposed under',
} as const;

/**
 * The second person's answer to a step that moves money, at any stage that asks for four
 * eyes. The interpreter answers these itself; the token roles are the definition's
 * (`fourEyes.approverRoles`), checked by the workflow, so the API asks only for a token.
 */
export const fourEyesActions: Readonly<Record<string, { spec: ActionSpec }>> = {
  [CONFIRM_MONEY_STEP]: {
    spec: {
      mutation: CONFIRM_MONEY_STEP,
      description:
        'A second person of the organisation that proposed a step moving money (a loan paid out or written off, savings released or withdrawn, a funder’s part of a tranche released) confirms it, and it takes effect; needs a role the stage’s fourEyes.approverRoles name',
      inputType: 'ConfirmMoneyStepInput',
      addressedBy: 'stage',
      tokenRoles: [],
      fields: { reference },
    },
  },
  [REJECT_MONEY_STEP]: {
    spec: {
      mutation: REJECT_MONEY_STEP,
      description:
        'A step moving money that awaits confirmation is turned down by a second person who could confirm it, or withdrawn by the person who proposed it; nothing moves',
      inputType: 'RejectMoneyStepInput',
      addressedBy: 'stage',
      tokenRoles: [],
      fields: { reference, reason: { type: 'text', max: 2000 } },
    },
  },
};

export const isFourEyesDecision = (name: string): boolean => name in fourEyesActions;

/** The stage's maker-checker rule, when this step is one it applies to. */
export function fourEyesRule(stage: object, spec: ActionSpec): FourEyesDefinition | undefined {
  return spec.movesMoney ? (stage as { fourEyes?: FourEyesDefinition }).fourEyes : undefined;
}

export interface Proposal {
  name: string;
  req: StepRequest;
}

const referenceOf = (req: StepRequest) => String(req.input.reference ?? '');
/** The same step again: same action, same person, same input (whatever the key order). */
const digest = (name: string, req: StepRequest) =>
  JSON.stringify([
    name,
    req.actor.subject,
    Object.entries(req.input).sort(([a], [b]) => (a < b ? -1 : 1)),
  ]);

/** Steps proposed and not yet confirmed or turned down, by stage and reference. */
export class FourEyesDesk {
  private readonly proposals = new Map<string, Proposal>();

  private static key(stageId: string, ref: string) {
    return JSON.stringify([stageId, ref]);
  }

  /** A step under a reference already awaiting confirmation: the same one again, or a clash. */
  clash(stageId: string, name: string, req: StepRequest): Refusal | undefined {
    const waiting = this.proposals.get(FourEyesDesk.key(stageId, referenceOf(req)));
    if (!waiting || digest(waiting.name, waiting.req) === digest(name, req)) return undefined;
    return refuse.conflict(
      `a step under reference "${referenceOf(req)}" already awaits a second person's confirmation`,
    );
  }

  /** Holds the step for a second person; the history records who proposed it (once). */
  propose(stageId: string, name: string, req: StepRequest): EventDraft | undefined {
    const key = FourEyesDesk.key(stageId, referenceOf(req));
    if (this.proposals.has(key)) return undefined;
    this.proposals.set(key, { name, req });
    return {
      kind: 'STEP_PROPOSED',
      actor: req.actor,
      detail: { step: name, reference: referenceOf(req), input: req.input, awaits: 'confirmation' },
    };
  }

  /**
   * Who may answer a proposal: to confirm, a second person of the proposing organisation
   * with an approving role; to turn it down, such a person or the proposer withdrawing it.
   */
  check(
    name: string,
    stageId: string,
    req: StepRequest,
    rule: FourEyesDefinition,
  ): Proposal | Refusal {
    const ref = referenceOf(req);
    const proposal = this.proposals.get(FourEyesDesk.key(stageId, ref));
    if (!proposal)
      return refuse.conflict(
        `no step awaits confirmation under reference "${ref}" at stage "${stageId}"`,
      );
    const maker = proposal.req.actor;
    if (name === REJECT_MONEY_STEP && req.actor.subject === maker.subject) return proposal;
    if (req.actor.subject === maker.subject)
      return refuse.forbidden(
        'the person who proposed a step that moves money cannot confirm it: it takes a second person',
      );
    if (req.actor.organisationId !== maker.organisationId)
      return refuse.forbidden(
        'only a second person of the organisation that proposed the step may answer it',
      );
    if (!rule.approverRoles.some((r) => req.actor.roles.includes(r)))
      return refuse.forbidden(`answering takes one of the roles: ${rule.approverRoles.join(', ')}`);
    return proposal;
  }

  /** The proposal answered: it leaves the desk; the history records who answered, and how. */
  answer(
    name: string,
    stageId: string,
    req: StepRequest,
  ): { proposal: Proposal; event: EventDraft } {
    const ref = referenceOf(req);
    const key = FourEyesDesk.key(stageId, ref);
    const proposal = this.proposals.get(key)!;
    this.proposals.delete(key);
    const confirmed = name === CONFIRM_MONEY_STEP;
    const proposedBy: Actor = proposal.req.actor;
    return {
      proposal,
      event: {
        kind: confirmed ? 'STEP_CONFIRMED' : 'STEP_TURNED_DOWN',
        actor: req.actor,
        detail: { step: proposal.name, reference: ref, proposedBy: proposedBy.subject },
        ...(confirmed ? {} : { reason: String(req.input.reason ?? '') }),
      },
    };
  }
}

/**
 * The proposal a second person answers, if they may: the stage must be open and ask for four
 * eyes, and a confirmed step must still be one its stage accepts from its proposer.
 */
export function answerable(
  desk: FourEyesDesk,
  name: string,
  req: StepRequest,
  at: { stage?: AnyStage; open: boolean; revalidate: (p: Proposal) => Refusal | undefined },
): Proposal | Refusal {
  const stageId = req.stageId ?? '';
  if (!at.stage) return refuse.badInput(`stage "${stageId}" is not part of this programme`);
  const rule = (at.stage as { fourEyes?: FourEyesDefinition }).fourEyes;
  if (!rule) return refuse.badInput(`stage "${stageId}" does not ask for a second person`);
  if (!at.open) return refuse.conflict(`stage "${stageId}" is not open now`);
  const proposal = desk.check(name, stageId, req, rule);
  if ('type' in proposal || name === REJECT_MONEY_STEP) return proposal;
  return at.revalidate(proposal) ?? proposal;
}
