import type { FundingSplit } from '@codev/domain/funding/funding-formula';
import type {
  ApplicationStatus,
  ApplicationWorkflowInput,
  Effect,
  RecordedEvent,
  StepReply,
  StepRequest,
  Transition,
} from '../contract/application.contract';
import { CLOSED_STATUSES } from '../contract/application.contract';
import type { RoundMessage } from '../contract/round.contract';
import type { StageDefinition } from '../definition/programme-definition.schema';
import { stageActions, stageKindOf } from '../stages/registry';
import {
  type Actor,
  type EventDraft,
  refuse,
  type Refusal,
  type StageContext,
  type StageKind,
  type Step,
} from '../stages/stage-kind';
import { layoutProcedure, type Placement } from './procedure-layout';

interface StageRun {
  state: unknown;
  /** The instant the stage's deadline falls, once known; null while being computed. */
  due: { at: string | null } | null;
}

/** What the workflow does with a transition's results: the instants of deadlines it opened. */
export interface Timer {
  stageId: string;
  at: string;
}

/**
 * The interpreter of a procedure, as pure state: the workflow feeds it submissions, steps,
 * timers, round messages and effect results, and gets back transitions to hand to one
 * activity each. Everything a transition records and does is decided here, in order, so
 * the history reads in the order things were decided and replays identically.
 */
export class ProcedureRun {
  status: ApplicationStatus = 'IN_REVIEW';
  submittedAt = '';
  failure: string | null = null;
  private readonly layout: Map<string, Placement>;
  private readonly active = new Map<string, StageRun>();
  private readonly branchesLeft = new Map<string, number>();
  private readonly facts = new Map<string, unknown>();
  private funding: FundingSplit;
  private seq = 0;
  private events: RecordedEvent[] = [];
  private effects: Effect[] = [];
  private statusChanged = false;
  /** Effects whose result goes back to a stage, by index within the pending transition. */
  private settling = new Map<number, string>();
  private deadlines = new Map<number, string>();
  private readonly settleAfter = new Map<number, Map<number, string>>();
  private readonly deadlinesAfter = new Map<number, Map<number, string>>();
  private now = 0;

  constructor(private readonly input: ApplicationWorkflowInput) {
    this.layout = layoutProcedure(input.definition.procedure.stages);
    this.funding = input.funding;
  }

  get closed(): boolean {
    return CLOSED_STATUSES.includes(this.status);
  }

  get activeStages(): string[] {
    return [...this.active.keys()];
  }

  /** The submission taken in: the row written, then the procedure runs until it first waits. */
  begin(actor: Actor, now: number): Transition {
    this.now = now;
    const { record, definition } = this.input;
    this.effects.push({
      type: 'application.create',
      stageId: null,
      record,
      parties: this.input.parties,
      funding: this.funding,
      currency: definition.currency,
    });
    this.event(null, {
      kind: 'SUBMITTED',
      actor,
      role: record.applicantRole,
      detail: { programmeVersion: record.programmeVersion, total: this.funding.total },
    });
    this.event(null, {
      kind: 'WORKFLOW_STARTED',
      detail: { programme: definition.key, rules: definition.rulesLabel },
    });
    this.startSequence(definition.procedure.stages, 0, null);
    this.settleReactions();
    return this.flush(true)!;
  }

  /** The stage a step goes to: named by the request, or the open stage of the action's kind. */
  private target(name: string, req: StepRequest): { stageId: string; kind: StageKind } | Refusal {
    const entry = stageActions.get(name);
    if (!entry) return refuse.badInput(`"${name}" is not a step of this engine`);
    if (entry.action.spec.addressedBy === 'kind') {
      const open = [...this.active.keys()].find(
        (id) => this.layout.get(id)!.stage.kind === entry.kind,
      );
      if (!open)
        return refuse.conflict(`no ${entry.kind.toLowerCase()} stage is open for this application`);
      return { stageId: open, kind: stageKindOf(entry.kind) };
    }
    const stageId = req.stageId ?? '';
    const placement = this.layout.get(stageId);
    if (!placement) return refuse.badInput(`stage "${stageId}" is not part of this programme`);
    if (placement.stage.kind !== entry.kind)
      return refuse.badInput(
        `stage "${stageId}" is a ${placement.stage.kind.toLowerCase()}, not a ${entry.kind.toLowerCase()}`,
      );
    if (!this.active.has(stageId)) return refuse.conflict(`stage "${stageId}" is not open now`);
    return { stageId, kind: stageKindOf(entry.kind) };
  }

  /** Whether a step may be taken now; the Update's validator. */
  validate(name: string, req: StepRequest, now: number): Refusal | undefined {
    this.now = now;
    if (this.closed) return refuse.conflict(`the application is ${this.status}`);
    const target = this.target(name, req);
    if ('type' in target) return target;
    const stage = this.layout.get(target.stageId)!.stage;
    return target.kind.actions[name].validate(
      stage,
      this.active.get(target.stageId)!.state,
      req.input,
      req.actor,
      this.context(),
    );
  }

  /** Takes a step the validator accepted. */
  act(name: string, req: StepRequest, now: number): { transition?: Transition; reply: StepReply } {
    this.now = now;
    const target = this.target(name, req);
    if ('type' in target) throw new Error(target.message); // the validator ran first
    const { stageId, kind } = target;
    const run = this.active.get(stageId)!;
    const stage = this.layout.get(stageId)!.stage;
    const step = kind.actions[name].apply(stage, run.state, req.input, req.actor, this.context());
    this.applyStep(stageId, step);
    this.settleReactions();
    return {
      transition: this.flush(),
      reply: this.reply(stageId, step.reply),
    };
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
    this.event(null, { kind: 'WITHDRAWN', actor, role: this.input.record.applicantRole, reason });
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
    this.effect(stageId, { type: 'deadline.close', status: 'EXPIRED' });
    const onExpiry = (stage as { onExpiry?: unknown }).onExpiry ?? null;
    this.event(stageId, { kind: 'DEADLINE_EXPIRED', detail: { onExpiry } });
    const kind = stageKindOf(stage.kind);
    if (kind.expire) this.applyStep(stageId, kind.expire(stage, run.state, this.context()));
    this.settleReactions();
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
    for (const [i, stageId] of this.deadlinesAfter.get(transition.seq) ?? []) {
      const run = this.active.get(stageId);
      const at = (results[i] as { dueAt: string }).dueAt;
      if (run?.due && run.due.at === null) {
        run.due.at = at;
        timers.push({ stageId, at });
      }
    }
    this.deadlinesAfter.delete(transition.seq);
    for (const [i, stageId] of this.settleAfter.get(transition.seq) ?? []) {
      const run = this.active.get(stageId);
      if (!run) continue;
      const stage = this.layout.get(stageId)!.stage;
      const kind = stageKindOf(stage.kind);
      this.applyStep(stageId, kind.settle!(stage, run.state, results[i], this.context()));
    }
    this.settleAfter.delete(transition.seq);
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

  /** Who the open stages wait for, as roles of this application, each once. */
  waitingFor(): string[] {
    const roles = [...this.active].flatMap(([id, run]) => {
      const stage = this.layout.get(id)!.stage;
      return stageKindOf(stage.kind).waitingFor?.(stage, run.state, this.context()) ?? [];
    });
    return [...new Set(roles)];
  }

  // -- the procedure ---------------------------------------------------------------------

  private startSequence(sequence: StageDefinition[], index: number, parallel: string | null): void {
    if (index < sequence.length) return this.startStage(sequence[index]);
    if (parallel === null) return this.complete();
    const left = this.branchesLeft.get(parallel)! - 1;
    this.branchesLeft.set(parallel, left);
    if (left === 0) this.finishStage(parallel);
  }

  private startStage(stage: StageDefinition): void {
    if (this.closed) return;
    this.event(stage.id, { kind: 'STAGE_STARTED', detail: { kind: stage.kind, name: stage.name } });
    if (stage.kind === 'PARALLEL') {
      this.branchesLeft.set(stage.id, stage.branches.length);
      stage.branches.forEach((branch) => this.startSequence(branch, 0, stage.id));
      return;
    }
    this.active.set(stage.id, { state: undefined, due: null });
    this.statusChanged = true;
    this.applyStep(stage.id, stageKindOf(stage.kind).start(stage, this.context()));
  }

  private applyStep(stageId: string, step: Step<unknown>): void {
    const run = this.active.get(stageId);
    if (!run) return;
    run.state = step.state;
    step.events?.forEach((e) => this.event(stageId, e));
    step.effects?.forEach(({ settles, ...effect }) => {
      const index = this.effect(stageId, effect as Effect);
      if (settles) this.settling.set(index, stageId);
    });
    if (step.facts) for (const [k, v] of Object.entries(step.facts)) this.facts.set(k, v);
    if (step.funding) this.funding = step.funding;
    if (step.status && this.status !== step.status) {
      this.status = step.status;
      this.statusChanged = true;
    }
    if (step.deadlineMet && run.due) {
      run.due = null;
      this.effect(stageId, { type: 'deadline.close', status: 'MET' });
    }
    if (step.deadline) {
      const index = this.effect(stageId, {
        type: 'deadline.open',
        from: new Date(this.now).toISOString(),
        deadline: step.deadline,
        ...this.calendarFor(stageId, run.state),
      });
      run.due = { at: null };
      this.deadlines.set(index, stageId);
    }
    if (step.outcome && 'rejected' in step.outcome) this.reject(stageId, step.outcome.rejected);
    else if (step.outcome) this.finishStage(stageId);
  }

  private finishStage(stageId: string): void {
    const run = this.active.get(stageId);
    if (run?.due) this.effect(stageId, { type: 'deadline.close', status: 'MET' });
    this.active.delete(stageId);
    this.statusChanged = true;
    this.event(stageId, { kind: 'STAGE_COMPLETED' });
    const { sequence, index, parallel } = this.layout.get(stageId)!;
    this.startSequence(sequence, index + 1, parallel);
  }

  /** Stages waiting on facts move when those facts change, until nothing more moves. */
  private settleReactions(): void {
    for (let round = 0; round < 100; round++) {
      let moved = false;
      for (const [stageId, run] of [...this.active]) {
        if (!this.active.has(stageId)) continue;
        const stage = this.layout.get(stageId)!.stage;
        const step = stageKindOf(stage.kind).react?.(stage, run.state, this.context());
        if (step) {
          this.applyStep(stageId, step);
          moved = true;
        }
      }
      if (!moved) return;
    }
    throw new Error('stages kept reacting to each other: a definition loops');
  }

  private complete(): void {
    this.event(null, { kind: 'COMPLETED' });
    this.status = 'COMPLETED';
    this.statusChanged = true;
  }

  private reject(stageId: string, reason: string): void {
    this.event(stageId, { kind: 'REJECTED', reason });
    this.close('REJECTED');
  }

  /**
   * Ends the application; money still committed, or reserved by a round, is released. The
   * release reads the ledger when it is written, so it frees exactly what is still there —
   * nothing, when nothing was committed.
   */
  private close(status: 'REJECTED' | 'WITHDRAWN'): void {
    for (const [id, run] of this.active)
      if (run.due) this.effect(id, { type: 'deadline.close', status: 'CLOSED' });
    this.active.clear();
    this.status = status;
    this.statusChanged = true;
    const round = this.input.round;
    this.effect(null, {
      type: 'application.release',
      key: `${this.input.applicationId}:release`,
      envelopeRoles: (this.input.definition.funding.envelopes ?? []).map((e) => e.role),
      round: round
        ? { callId: round.callId, envelopeId: round.envelopeId, role: round.roles.issuer }
        : null,
      status,
    });
  }

  /**
   * Whose calendar counts a stage's deadline: the role the definition names, else the party
   * that must act; its jurisdiction's holidays and time zone. The programme's calendar where
   * that party has no place.
   */
  private calendarFor(stageId: string, state: unknown) {
    const stage = this.layout.get(stageId)!.stage as StageDefinition & { calendarOf?: string };
    const role = stage.calendarOf ?? stageKindOf(stage.kind).actingRole?.(stage, state);
    const place = role ? this.input.places?.[role] : undefined;
    const { calendar, timeZone } = this.input.definition;
    return {
      calendar,
      place: place ? { role, ...place } : null,
      timeZone: place?.timeZone ?? timeZone,
    };
  }

  // -- recording ---------------------------------------------------------------------------

  private context(): StageContext {
    const { applicationId, definition, parties, round, record } = this.input;
    return {
      applicationId,
      definition,
      parties,
      funding: this.funding,
      round,
      now: this.now,
      facts: this.facts,
      submittedDocuments: record.documents,
      actsAs: (actor, role) =>
        parties[role] && parties[role] === actor.organisationId
          ? undefined
          : refuse.forbidden(
              `only the organisation acting as "${role}" in this application may do this`,
            ),
    };
  }

  private event(stageId: string | null, e: EventDraft): void {
    this.events.push({
      key: `${this.seq + 1}.${this.events.length}`,
      stageId,
      kind: e.kind,
      actor: e.actor ?? null,
      actorRole: e.role ?? null,
      reason: e.reason ?? null,
      detail: e.detail ?? {},
    });
  }

  private effect(
    stageId: string | null,
    effect: Omit<Effect, 'stageId'> & { type: string },
  ): number {
    this.effects.push({ ...effect, stageId });
    return this.effects.length - 1;
  }

  /** The pending transition, if anything is to be recorded. */
  private flush(force = false): Transition | undefined {
    if (!force && !this.events.length && !this.effects.length && !this.statusChanged)
      return undefined;
    const seq = ++this.seq;
    const transition: Transition = {
      applicationId: this.input.applicationId,
      seq,
      events: this.events,
      effects: this.effects,
      projection: {
        status: this.status,
        activeStages: this.activeStages,
        waitingFor: this.waitingFor(),
      },
    };
    if (this.settling.size) this.settleAfter.set(seq, this.settling);
    if (this.deadlines.size) this.deadlinesAfter.set(seq, this.deadlines);
    this.events = [];
    this.effects = [];
    this.settling = new Map();
    this.deadlines = new Map();
    this.statusChanged = false;
    return transition;
  }
}
