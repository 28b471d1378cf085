import type { Effect, RecordedEvent, Transition } from '../contract/application.contract';
import type { EventDraft } from '../stages/stage-kind';

/**
 * What the interpreter decided since its last transition — events and effects in the order
 * they were decided — and, for each transition handed out, which of its effects' results
 * open a deadline's timer or settle a stage that waits for them.
 */
export class TransitionRecorder {
  /** The application's status or open stages changed: worth a transition by itself. */
  changed = false;
  private seq = 0;
  private events: RecordedEvent[] = [];
  private effects: Effect[] = [];
  private settling = new Map<number, string>();
  private deadlines = new Map<number, string>();
  private readonly settleAfter = new Map<number, Map<number, string>>();
  private readonly deadlinesAfter = new Map<number, Map<number, string>>();

  event(stageId: string | null, e: EventDraft): void {
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

  /** Records an effect; returns its index in the coming transition. */
  effect(stageId: string | null, effect: Omit<Effect, 'stageId'> & { type: string }): number {
    this.effects.push({ ...effect, stageId });
    return this.effects.length - 1;
  }

  /** The result of the effect at `index` is to be settled into `stageId`. */
  settleWith(index: number, stageId: string): void {
    this.settling.set(index, stageId);
  }

  /** The result of the effect at `index` is the instant of `stageId`'s deadline. */
  deadlineFrom(index: number, stageId: string): void {
    this.deadlines.set(index, stageId);
  }

  /** The [effect index, stage] pairs of a transition's deadlines, handed out once. */
  takeDeadlines(seq: number): [number, string][] {
    return take(this.deadlinesAfter, seq);
  }

  /** The [effect index, stage] pairs of a transition's settlements, handed out once. */
  takeSettlements(seq: number): [number, string][] {
    return take(this.settleAfter, seq);
  }

  /** The pending transition, if anything is to be recorded (always, when forced). */
  flush(
    applicationId: string,
    projection: () => Transition['projection'],
    force = false,
  ): Transition | undefined {
    if (!force && !this.events.length && !this.effects.length && !this.changed) return undefined;
    const seq = ++this.seq;
    const transition: Transition = {
      applicationId,
      seq,
      events: this.events,
      effects: this.effects,
      projection: projection(),
    };
    if (this.settling.size) this.settleAfter.set(seq, this.settling);
    if (this.deadlines.size) this.deadlinesAfter.set(seq, this.deadlines);
    this.events = [];
    this.effects = [];
    this.settling = new Map();
    this.deadlines = new Map();
    this.changed = false;
    return transition;
  }
}

function take(from: Map<number, Map<number, string>>, seq: number): [number, string][] {
  const found = [...(from.get(seq) ?? [])];
  from.delete(seq);
  return found;
}
