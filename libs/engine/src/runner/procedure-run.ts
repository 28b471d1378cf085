import type { StepReply, StepRequest, Transition } from '../contract/application.contract';
import type { RoundMessage } from '../contract/round.contract';
import { stageKindOf } from '../stages/registry';
import { type Actor, refuse, type Refusal } from '../stages/stage-kind';
import {
  answerable,
  FourEyesDesk,
  fourEyesRule,
  isFourEyesDecision,
  REJECT_MONEY_STEP,
} from './four-eyes';
import { ProcedureCore } from './procedure-core';
import { stepTarget } from './procedure-layout';

/** What the workflow does with a transition's results: the instants of deadlines it opened. */
export interface Timer {
  stageId: string;
  at: string;
  /** A reminder before the deadline falling at this instant, not the deadline itself. */
  remindOf?: string;
}

/**
 * The interpreter of a procedure, as pure state: the workflow feeds it submissions, steps,
 * timers, round messages and effect results, and gets back transitions to hand to one
 * activity each. Everything a transition records and does is decided here, in order, so
 * the history reads in the order things were decided and replays identically.
 */
export class ProcedureRun extends ProcedureCore {
  /** Steps that move money, proposed by one person and waiting for a second (maker-checker). */
  private readonly desk = new FourEyesDesk();

  /** The submission taken in: the row written, then the procedure runs until it first waits. */
  begin(actor: Actor, now: number): Transition {
    this.now = now;
    const { record, definition } = this.input;
    this.recorder.effect(null, {
      type: 'application.create',
      record,
      parties: this.input.parties,
      funding: this.funding,
      currency: definition.currency,
    });
    this.recorder.event(null, {
      kind: 'SUBMITTED',
      actor,
      role: record.applicantRole,
      detail: { programmeVersion: record.programmeVersion, total: this.funding.total },
    });
    this.recorder.event(null, {
      kind: 'WORKFLOW_STARTED',
      detail: { programme: definition.key, rules: definition.rulesLabel },
    });
    this.startSequence(definition.procedure.stages, 0, null);
    this.settleReactions();
    return this.flush(true)!;
  }

  /** Whether a step may be taken now; the Update's validator. */
  validate(name: string, req: StepRequest, now: number): Refusal | undefined {
    this.now = now;
    if (this.closed) return refuse.conflict(`the application is ${this.status}`);
    if (isFourEyesDecision(name)) {
      const answered = this.proposalFor(name, req);
      return 'type' in answered ? answered : undefined;
    }
    const target = stepTarget(this.layout, this.active, name, req);
    if ('type' in target) return target;
    const stage = this.layout.get(target.stageId)!.stage;
    const action = target.kind.actions[name];
    const refused = action.validate(
      stage,
      this.active.get(target.stageId)!.state,
      req.input,
      req.actor,
      this.context(),
    );
    if (refused || !fourEyesRule(stage, action.spec)) return refused;
    return this.desk.clash(target.stageId, name, req);
  }

  /** Takes a step the validator accepted. */
  act(name: string, req: StepRequest, now: number): { transition?: Transition; reply: StepReply } {
    this.now = now;
    if (isFourEyesDecision(name)) return this.answerProposal(name, req);
    const target = stepTarget(this.layout, this.active, name, req);
    if ('type' in target) throw new Error(target.message); // the validator ran first
    const { stageId, kind } = target;
    const stage = this.layout.get(stageId)!.stage;
    if (fourEyesRule(stage, kind.actions[name].spec)) {
      const proposed = this.desk.propose(stageId, name, req);
      if (proposed) this.recorder.event(stageId, proposed);
      return {
        transition: this.flush(),
        reply: this.reply(stageId, { outcome: 'PENDING_CONFIRMATION' }),
      };
    }
    return this.take(stageId, name, req);
  }

  /** A step applied at its stage: what it records and does, and what follows from it. */
  private take(
    stageId: string,
    name: string,
    req: StepRequest,
  ): { transition?: Transition; reply: StepReply } {
    const run = this.active.get(stageId)!;
    const stage = this.layout.get(stageId)!.stage;
    const action = stageKindOf(stage.kind).actions[name];
    const step = action.apply(stage, run.state, req.input, req.actor, this.context());
    this.applyStep(stageId, step);
    this.settleReactions();
    return {
      transition: this.flush(),
      reply: this.reply(stageId, step.reply),
    };
  }

  /** The proposal a second person answers, if they may (see `answerable`). */
  private proposalFor(name: string, req: StepRequest) {
    const stage = this.layout.get(req.stageId ?? '')?.stage;
    const run = this.active.get(req.stageId ?? '');
    return answerable(this.desk, name, req, {
      stage,
      open: run !== undefined,
      revalidate: ({ name: step, req: asked }) =>
        stageKindOf(stage!.kind).actions[step].validate(
          stage!,
          run!.state,
          asked.input,
          asked.actor,
          this.context(),
        ),
    });
  }

  /** Confirmed, the proposed step takes effect as its proposer asked; turned down, nothing moves. */
  private answerProposal(
    name: string,
    req: StepRequest,
  ): { transition?: Transition; reply: StepReply } {
    const stageId = req.stageId!;
    const { proposal, event } = this.desk.answer(name, stageId, req);
    this.recorder.event(stageId, event);
    if (name === REJECT_MONEY_STEP)
      return { transition: this.flush(), reply: this.reply(stageId, { outcome: 'TURNED_DOWN' }) };
    return this.take(stageId, proposal.name, proposal.req);
  }

  validateWithdraw(actor: Actor): Refusal | undefined {
    if (this.closed) return refuse.conflict(`the application is ${this.status}`);
    const applicant = this.input.record.applicantRole;
    if (this.input.parties[applicant] !== actor.organisationId)
      return refuse.forbidden('only the applicant organisation may withdraw its application');
    return undefined;
  }

  /** The applicant withdraws: what is still committed or reserved returns, and the round hears of it. */
  withdraw(actor: Actor, reason: string, now: number): Transition {
    this.now = now;
    this.recorder.event(null, {
      kind: 'WITHDRAWN',
      actor,
      role: this.input.record.applicantRole,
      reason,
    });
    this.close('WITHDRAWN');
    return this.flush()!;
  }

  /** A stage's deadline passed. */
  expire(stageId: string, now: number): Transition | undefined {
    this.now = now;
    const run = this.active.get(stageId);
    if (!run?.due?.at || Date.parse(run.due.at) > now) return undefined;
    const stage = this.layout.get(stageId)!.stage;
    run.due = null;
    this.recorder.effect(stageId, { type: 'deadline.close', status: 'EXPIRED' });
    const onExpiry = (stage as { onExpiry?: unknown }).onExpiry ?? null;
    this.recorder.event(stageId, { kind: 'DEADLINE_EXPIRED', detail: { onExpiry } });
    const kind = stageKindOf(stage.kind);
    if (kind.expire) this.applyStep(stageId, kind.expire(stage, run.state, this.context()));
    this.settleReactions();
    return this.flush();
  }

  /** A reminder's time came: the history says the deadline is near, if it still stands. */
  remind(stageId: string, dueAt: string, now: number): Transition | undefined {
    this.now = now;
    if (this.active.get(stageId)?.due?.at !== dueAt) return undefined;
    this.recorder.event(stageId, {
      kind: 'DEADLINE_NEAR',
      detail: { dueAt, waitingFor: this.waitingFor() },
    });
    return this.flush();
  }

  /** A message from the round: every open stage of a kind that listens may act on it. */
  receive(message: RoundMessage, now: number): Transition | undefined {
    this.now = now;
    for (const [stageId, run] of [...this.active]) {
      const stage = this.layout.get(stageId)!.stage;
      const step = stageKindOf(stage.kind).receive?.(stage, run.state, message, this.context());
      if (step && this.active.has(stageId)) this.applyStep(stageId, step);
    }
    this.settleReactions();
    return this.flush();
  }

  /**
   * Takes a transition's results: deadlines get their instant (returned, for the workflow's
   * timers); results a stage waits for are settled, which may make a follow-up transition.
   */
  absorb(
    transition: Transition,
    results: unknown[],
    now: number,
  ): { timers: Timer[]; next?: Transition } {
    this.now = now;
    const timers: Timer[] = [];
    results.forEach((result, i) => {
      const effect = transition.effects[i];
      if (effect.type === 'application.create')
        this.submittedAt = (result as { submittedAt: string }).submittedAt;
    });
    for (const [i, stageId] of this.recorder.takeDeadlines(transition.seq)) {
      const run = this.active.get(stageId);
      const { dueAt: at, remindAt } = results[i] as { dueAt: string; remindAt?: string };
      if (run?.due && run.due.at === null) {
        run.due.at = at;
        timers.push({ stageId, at });
        if (remindAt) timers.push({ stageId, at: remindAt, remindOf: at });
      }
    }
    for (const [i, stageId] of this.recorder.takeSettlements(transition.seq)) {
      const run = this.active.get(stageId);
      if (!run) continue;
      const stage = this.layout.get(stageId)!.stage;
      const kind = stageKindOf(stage.kind);
      this.applyStep(stageId, kind.settle!(stage, run.state, results[i], this.context()));
    }
    this.settleReactions();
    return { timers, next: this.flush() };
  }

  /** The reply to a step or a submission: the state the application is in now. */
  reply(stageId: string | null, reply: Record<string, string> = {}): StepReply {
    const { outcome = null, ...rest } = reply;
    return {
      stageId,
      outcome,
      reply: rest,
      status: this.status,
      activeStages: this.activeStages,
      waitingFor: this.waitingFor(),
      submittedAt: this.submittedAt,
    };
  }

  /** A fault the engine cannot get past: the application ends FAILED, with the reason. */
  fail(reason: string): void {
    this.failure = reason;
    this.status = 'FAILED';
    this.active.clear();
  }
}
