import type { FundingSplit } from '@codev/domain/funding/funding-formula';
import type {
  ApplicationStatus,
  ApplicationWorkflowInput,
  Effect,
  Transition,
} from '../contract/application.contract';
import { CLOSED_STATUSES } from '../contract/application.contract';
import type { StageDefinition } from '../definition/programme-definition.schema';
import { stageKindOf } from '../stages/registry';
import type { EngineFeatures, StageContext, Step } from '../stages/stage-kind';
import { layoutProcedure, type Placement } from './procedure-layout';
import { calendarFor, stageContext } from './stage-context';
import { TransitionRecorder } from './transition-recorder';

export interface StageRun {
  state: unknown;
  /** The instant the stage's deadline falls, once known; null while being computed. */
  due: { at: string | null } | null;
}

/**
 * The procedure itself, under the interpreter (ProcedureRun): which stages are open, how a
 * stage's step is applied (its events, effects, facts, deadline and outcome), how stages
 * start, finish and react to each other, and how what was decided is recorded into the next
 * transition. ProcedureRun feeds it what the workflow hears.
 */
export abstract class ProcedureCore {
  status: ApplicationStatus = 'IN_REVIEW';
  submittedAt = '';
  failure: string | null = null;
  protected readonly layout: Map<string, Placement>;
  protected readonly active = new Map<string, StageRun>();
  protected readonly branchesLeft = new Map<string, number>();
  protected readonly facts = new Map<string, unknown>();
  protected funding: FundingSplit;
  protected readonly recorder = new TransitionRecorder();
  protected now = 0;

  constructor(
    protected readonly input: ApplicationWorkflowInput,
    protected readonly features: EngineFeatures = {},
  ) {
    this.layout = layoutProcedure(input.definition.procedure.stages);
    this.funding = input.funding;
  }

  get closed(): boolean {
    return CLOSED_STATUSES.includes(this.status);
  }

  get activeStages(): string[] {
    return [...this.active.keys()];
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

  protected startSequence(
    sequence: StageDefinition[],
    index: number,
    parallel: string | null,
  ): void {
    if (index < sequence.length) return this.startStage(sequence[index]);
    if (parallel === null) return this.complete();
    const left = this.branchesLeft.get(parallel)! - 1;
    this.branchesLeft.set(parallel, left);
    if (left === 0) this.finishStage(parallel);
  }

  protected startStage(stage: StageDefinition): void {
    if (this.closed) return;
    this.recorder.event(stage.id, {
      kind: 'STAGE_STARTED',
      detail: { kind: stage.kind, name: stage.name },
    });
    if (stage.kind === 'PARALLEL') {
      this.branchesLeft.set(stage.id, stage.branches.length);
      stage.branches.forEach((branch) => this.startSequence(branch, 0, stage.id));
      return;
    }
    this.active.set(stage.id, { state: undefined, due: null });
    this.recorder.changed = true;
    this.applyStep(stage.id, stageKindOf(stage.kind).start(stage, this.context()));
  }

  protected applyStep(stageId: string, step: Step<unknown>): void {
    const run = this.active.get(stageId);
    if (!run) return;
    run.state = step.state;
    step.events?.forEach((e) => this.recorder.event(stageId, e));
    step.effects?.forEach(({ settles, ...effect }) => {
      const index = this.recorder.effect(stageId, effect as Effect);
      if (settles) this.recorder.settleWith(index, stageId);
    });
    if (step.facts) for (const [k, v] of Object.entries(step.facts)) this.facts.set(k, v);
    if (step.funding) this.funding = step.funding;
    if (step.status && this.status !== step.status) {
      this.status = step.status;
      this.recorder.changed = true;
    }
    if (step.deadlineMet && run.due) {
      run.due = null;
      this.recorder.effect(stageId, { type: 'deadline.close', status: 'MET' });
    }
    if (step.deadline) {
      const index = this.recorder.effect(stageId, {
        type: 'deadline.open',
        from: new Date(this.now).toISOString(),
        deadline: step.deadline,
        ...(this.input.definition.reminders
          ? { remindBefore: this.input.definition.reminders.before }
          : {}),
        ...calendarFor(this.input, this.layout.get(stageId)!.stage, run.state),
      });
      run.due = { at: null };
      this.recorder.deadlineFrom(index, stageId);
    }
    if (step.outcome && 'rejected' in step.outcome) this.reject(stageId, step.outcome.rejected);
    else if (step.outcome) this.finishStage(stageId);
  }

  protected finishStage(stageId: string): void {
    const run = this.active.get(stageId);
    if (run?.due) this.recorder.effect(stageId, { type: 'deadline.close', status: 'MET' });
    this.active.delete(stageId);
    this.recorder.changed = true;
    this.recorder.event(stageId, { kind: 'STAGE_COMPLETED' });
    const { sequence, index, parallel } = this.layout.get(stageId)!;
    this.startSequence(sequence, index + 1, parallel);
  }

  /** Stages waiting on facts move when those facts change, until nothing more moves. */
  protected settleReactions(): void {
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

  protected complete(): void {
    this.recorder.event(null, { kind: 'COMPLETED' });
    this.status = 'COMPLETED';
    this.recorder.changed = true;
  }

  protected reject(stageId: string, reason: string): void {
    this.recorder.event(stageId, { kind: 'REJECTED', reason });
    this.close('REJECTED');
  }

  /**
   * Ends the application; money still committed, or reserved by a round, is released. The
   * release reads the ledger when it is written, so it frees exactly what is still there —
   * nothing, when nothing was committed.
   */
  protected close(status: 'REJECTED' | 'WITHDRAWN'): void {
    for (const [id, run] of this.active)
      if (run.due) this.recorder.effect(id, { type: 'deadline.close', status: 'CLOSED' });
    this.active.clear();
    this.status = status;
    this.recorder.changed = true;
    const round = this.input.round;
    this.recorder.effect(null, {
      type: 'application.release',
      key: `${this.input.applicationId}:release`,
      envelopeRoles: (this.input.definition.funding.envelopes ?? []).map((e) => e.role),
      round: round
        ? { callId: round.callId, envelopeId: round.envelopeId, role: round.roles.issuer }
        : null,
      status,
    });
  }

  // -- recording ---------------------------------------------------------------------------

  protected context(): StageContext {
    return stageContext(this.input, this.funding, this.now, this.facts, this.features);
  }

  /** The pending transition, if anything is to be recorded. */
  protected flush(force = false): Transition | undefined {
    return this.recorder.flush(
      this.input.applicationId,
      () => ({
        status: this.status,
        activeStages: this.activeStages,
        waitingFor: this.waitingFor(),
      }),
      force,
    );
  }
}
