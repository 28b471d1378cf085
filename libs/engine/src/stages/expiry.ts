import type { Violation } from '@codev/domain';
import type { DeadlineDefinition, OnExpiryDefinition } from '../definition/schema-atoms';
import type { DefinitionRefs, Step } from './stage-kind';

interface Expiring {
  deadline?: DeadlineDefinition;
  onExpiry?: OnExpiryDefinition;
  calendarOf?: string;
}

/**
 * A deadline must say what happens when nobody acted in time, and an expiry path needs a
 * deadline; escalation only where the kind can hand the decision to another role.
 */
export function checkExpiry(
  stage: Expiring,
  refs: DefinitionRefs,
  { escalation }: { escalation: boolean },
): Violation[] {
  const out: Violation[] = [];
  if (stage.onExpiry && !stage.deadline)
    out.push({ path: 'onExpiry', message: 'needs a deadline to expire' });
  if (stage.deadline && !stage.onExpiry)
    out.push({
      path: 'onExpiry',
      message:
        'a deadline needs an expiry path: { outcome: APPROVE | REJECT } or { escalateTo: role }',
    });
  if (stage.calendarOf) {
    if (!stage.deadline)
      out.push({ path: 'calendarOf', message: 'names whose calendar counts a deadline: give one' });
    out.push(...refs.role(stage.calendarOf, 'calendarOf'));
  }
  if (stage.onExpiry && 'escalateTo' in stage.onExpiry) {
    if (!escalation)
      out.push({ path: 'onExpiry.escalateTo', message: 'this kind of stage cannot escalate' });
    else out.push(...refs.role(stage.onExpiry.escalateTo, 'onExpiry.escalateTo'));
  }
  return out;
}

/** The outcome a stage's expiry path gives: approve (go on), or reject the application. */
export function expiryOutcome<S>(stage: Expiring, state: S): Step<S> {
  const onExpiry = stage.onExpiry;
  const approve = !!onExpiry && 'outcome' in onExpiry && onExpiry.outcome === 'APPROVE';
  return {
    state,
    outcome: approve ? { done: true } : { rejected: 'the deadline passed without a decision' },
  };
}
