import {
  allHandlersFinished,
  ApplicationFailure,
  condition,
  proxyActivities,
  setHandler,
} from '@temporalio/workflow';
import type {
  CastVote,
  DeadlineDefinition,
  OnExpiryDefinition,
  StageDefinition,
} from '@codev/domain';
// Narrow imports: the index would bundle zod, yaml and country data into every workflow.
import { checkVote, tallyCommittee } from '@codev/domain/engine/committee-tally';
import { flattenStages } from '@codev/domain/programme/stages';
import type {
  Actor,
  ApplicationStatus,
  ApplicationWorkflowInput,
  EngineActivities,
} from './application.contract';
import {
  activeStagesQuery,
  castVoteUpdate,
  certifyHandoverUpdate,
  decideReviewUpdate,
  FailureType,
  fileReportUpdate,
  raiseFindingUpdate,
  resolveFindingUpdate,
  setTimelineUpdate,
  submitDocumentUpdate,
} from './application.contract';

const activities = proxyActivities<EngineActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
});

type StageOf<K extends StageDefinition['kind']> = Extract<StageDefinition, { kind: K }>;

class Rejected extends Error {
  constructor(
    readonly stageId: string,
    readonly reason: string,
  ) {
    super(reason);
  }
}

const refuse = (type: string, message: string) =>
  ApplicationFailure.create({ type, message, nonRetryable: true });

/**
 * The one workflow that runs every application of every programme: it walks the stages of
 * the definition the application was submitted under. Human steps arrive as Updates,
 * validated before they are accepted; every effect (history, projections, ledger) is an
 * activity; deadlines are timers computed in working days of the programme's calendar.
 */
export async function applicationWorkflow(
  input: ApplicationWorkflowInput,
): Promise<ApplicationStatus> {
  const { applicationId, definition, parties } = input;
  const stagesById = new Map(
    flattenStages(definition.procedure.stages).map(({ stage }) => [stage.id, stage]),
  );
  const active = new Set<string>();
  const votes = new Map<string, CastVote[]>();
  const timelines = new Set<string>();
  const documents = new Map<string, Set<string>>();
  const reviews = new Map<string, { decision: 'APPROVE' | 'REJECT'; reason: string }>();
  const escalatedTo = new Map<string, string>();
  const reports = new Set<string>();
  const openFindings = new Map<string, string>();
  const handedOver = new Set<string>();
  let findingSeq = 0;
  let eventSeq = 0;
  let status: ApplicationStatus = 'IN_REVIEW';

  const record = (
    stageId: string | null,
    kind: string,
    detail: Record<string, unknown> = {},
    actor: Actor | null = null,
    actorRole: string | null = null,
    reason: string | null = null,
  ) =>
    activities.recordEvent({
      applicationId,
      eventKey: `${++eventSeq}:${stageId ?? '-'}:${kind}`,
      stageId,
      kind,
      actor,
      actorRole,
      reason,
      detail,
    });
  let projectionSeq = 0;
  const project = () =>
    activities.projectProgress({
      applicationId,
      seq: ++projectionSeq,
      status,
      activeStages: [...active],
    });

  /** The stage `stageId` must be running and of kind `kind`. */
  function activeStage<K extends StageDefinition['kind']>(stageId: string, kind: K): StageOf<K> {
    const stage = stagesById.get(stageId);
    if (!stage)
      throw refuse(FailureType.BadInput, `stage "${stageId}" is not part of this programme`);
    if (stage.kind !== kind)
      throw refuse(
        FailureType.BadInput,
        `stage "${stageId}" is a ${stage.kind.toLowerCase()}, not a ${kind.toLowerCase()}`,
      );
    if (!active.has(stageId))
      throw refuse(FailureType.Conflict, `stage "${stageId}" is not open now`);
    return stage as StageOf<K>;
  }
  /** The actor must belong to the organisation playing `role` in this application. */
  function actsAs(actor: Actor, role: string): void {
    if (!parties[role] || parties[role] !== actor.organisationId) {
      throw refuse(
        FailureType.Forbidden,
        `only the organisation acting as "${role}" in this application may do this`,
      );
    }
  }

  setHandler(activeStagesQuery, () => [...active]);

  setHandler(
    castVoteUpdate,
    async (v) => {
      const stage = activeStage(v.stageId, 'COMMITTEE');
      actsAs(v.actor, v.role);
      votes.set(v.stageId, [
        ...(votes.get(v.stageId) ?? []),
        { role: v.role, subject: v.actor.subject, vote: v.vote },
      ]);
      await record(v.stageId, 'VOTE', { vote: v.vote }, v.actor, v.role, v.reason);
      return {
        stageId: stage.id,
        accepted: true,
        outcome: tallyCommittee(committeeRules(stage), votes.get(v.stageId)!).state,
      };
    },
    {
      validator: (v) => {
        const stage = activeStage(v.stageId, 'COMMITTEE');
        actsAs(v.actor, v.role);
        if (!v.reason.trim()) throw refuse(FailureType.BadInput, 'a vote must give its reason');
        const problem = checkVote(committeeRules(stage), votes.get(v.stageId) ?? [], {
          role: v.role,
          subject: v.actor.subject,
          vote: v.vote,
        });
        if (problem) throw refuse(FailureType.Conflict, problem);
      },
    },
  );

  setHandler(
    setTimelineUpdate,
    async (t) => {
      timelines.add(t.stageId);
      await record(
        t.stageId,
        'DISBURSEMENT_TIMELINE_SET',
        { entries: t.entries },
        t.actor,
        activeStage(t.stageId, 'COMMITTEE').chair,
      );
      return { stageId: t.stageId, accepted: true };
    },
    {
      validator: (t) => {
        const stage = activeStage(t.stageId, 'COMMITTEE');
        if (!stage.setsDisbursementTimeline)
          throw refuse(
            FailureType.Conflict,
            `committee "${stage.id}" does not set disbursement timelines`,
          );
        actsAs(t.actor, stage.chair);
        const funders = new Set(definition.funding.shares.map((s) => s.role));
        const tranches = new Set(
          flattenStages(definition.procedure.stages).flatMap(({ stage: s }) =>
            s.kind === 'DISBURSEMENT' ? s.tranches.map((x) => x.id) : [],
          ),
        );
        for (const e of t.entries) {
          if (!funders.has(e.role))
            throw refuse(FailureType.BadInput, `"${e.role}" is not a funder`);
          if (!tranches.has(e.trancheId))
            throw refuse(FailureType.BadInput, `"${e.trancheId}" is not a tranche`);
          if (!/^\d{4}-\d{2}-\d{2}$/.test(e.dueDate))
            throw refuse(FailureType.BadInput, `"${e.dueDate}" is not a YYYY-MM-DD date`);
        }
        if (t.entries.length === 0)
          throw refuse(FailureType.BadInput, 'a timeline needs at least one entry');
      },
    },
  );

  setHandler(
    submitDocumentUpdate,
    async (d) => {
      const set = documents.get(d.stageId) ?? new Set<string>();
      set.add(d.documentType);
      documents.set(d.stageId, set);
      await record(
        d.stageId,
        'DOCUMENT_SUBMITTED',
        { documentType: d.documentType, uri: d.uri },
        d.actor,
        d.role,
      );
      return { stageId: d.stageId, accepted: true };
    },
    {
      validator: (d) => {
        const stage = activeStage(d.stageId, 'DOCUMENT');
        if (!stage.submittedBy.includes(d.role))
          throw refuse(
            FailureType.Forbidden,
            `"${d.role}" does not submit documents at "${stage.id}"`,
          );
        actsAs(d.actor, d.role);
        if (!stage.documents.includes(d.documentType))
          throw refuse(
            FailureType.BadInput,
            `"${d.documentType}" is not asked for at "${stage.id}"`,
          );
      },
    },
  );

  setHandler(
    decideReviewUpdate,
    async (r) => {
      const reviewer = escalatedTo.get(r.stageId) ?? activeStage(r.stageId, 'REVIEW').reviewer;
      reviews.set(r.stageId, { decision: r.decision, reason: r.reason });
      await record(
        r.stageId,
        r.decision === 'APPROVE' ? 'REVIEW_APPROVED' : 'REVIEW_REJECTED',
        {},
        r.actor,
        reviewer,
        r.reason,
      );
      return { stageId: r.stageId, accepted: true, outcome: r.decision };
    },
    {
      validator: (r) => {
        const stage = activeStage(r.stageId, 'REVIEW');
        actsAs(r.actor, escalatedTo.get(r.stageId) ?? stage.reviewer);
        if (reviews.has(r.stageId))
          throw refuse(FailureType.Conflict, `"${r.stageId}" is already decided`);
        if (!r.reason.trim()) throw refuse(FailureType.BadInput, 'a decision must give its reason');
      },
    },
  );

  setHandler(
    fileReportUpdate,
    async (r) => {
      reports.add(r.reportType);
      await record(
        r.stageId,
        'REPORT_FILED',
        { reportType: r.reportType, uri: r.uri },
        r.actor,
        activeStage(r.stageId, 'MONITORING').supervisor,
        r.summary,
      );
      return { stageId: r.stageId, accepted: true };
    },
    {
      validator: (r) => {
        const stage = activeStage(r.stageId, 'MONITORING');
        actsAs(r.actor, stage.supervisor);
        const next = stage.reports.find((x) => !reports.has(x));
        if (r.reportType !== next)
          throw refuse(
            FailureType.Conflict,
            next ? `the next report due is ${next}` : 'every report is filed',
          );
      },
    },
  );

  setHandler(
    raiseFindingUpdate,
    async (f) => {
      const findingId = `finding-${++findingSeq}`;
      openFindings.set(findingId, f.description);
      await record(
        f.stageId,
        'FINDING_RAISED',
        { findingId },
        f.actor,
        activeStage(f.stageId, 'MONITORING').supervisor,
        f.description,
      );
      return { stageId: f.stageId, accepted: true, findingId };
    },
    {
      validator: (f) => {
        actsAs(f.actor, activeStage(f.stageId, 'MONITORING').supervisor);
        if (!f.description.trim())
          throw refuse(FailureType.BadInput, 'a finding must be described');
      },
    },
  );

  setHandler(
    resolveFindingUpdate,
    async (f) => {
      openFindings.delete(f.findingId);
      await record(
        f.stageId,
        'FINDING_RESOLVED',
        { findingId: f.findingId },
        f.actor,
        activeStage(f.stageId, 'MONITORING').supervisor,
        f.resolution,
      );
      return { stageId: f.stageId, accepted: true };
    },
    {
      validator: (f) => {
        actsAs(f.actor, activeStage(f.stageId, 'MONITORING').supervisor);
        if (!openFindings.has(f.findingId))
          throw refuse(FailureType.Conflict, `no open finding "${f.findingId}"`);
      },
    },
  );

  setHandler(
    certifyHandoverUpdate,
    async (h) => {
      await activities.issueHandover({
        applicationId,
        stageId: h.stageId,
        actor: h.actor,
        remarks: h.remarks,
      });
      handedOver.add(h.stageId);
      return { stageId: h.stageId, accepted: true };
    },
    {
      validator: (h) => {
        const stage = activeStage(h.stageId, 'HANDOVER');
        actsAs(h.actor, stage.certifiedBy);
        if (handedOver.has(h.stageId))
          throw refuse(FailureType.Conflict, 'the handover is already certified');
      },
    },
  );

  /** Waits for `done`, or until the stage's deadline; returns false when the deadline passed. */
  async function awaitWithDeadline(
    stageId: string,
    deadline: DeadlineDefinition | undefined,
    done: () => boolean,
  ): Promise<boolean> {
    if (!deadline) {
      await condition(done);
      return true;
    }
    const dueAt = await activities.computeDeadline({
      from: new Date(Date.now()).toISOString(),
      deadline,
      definition,
    });
    await activities.recordDeadline({ applicationId, stageId, dueAt, status: 'OPEN' });
    const met = await condition(done, Math.max(Date.parse(dueAt) - Date.now(), 1));
    await activities.recordDeadline({
      applicationId,
      stageId,
      dueAt,
      status: met ? 'MET' : 'EXPIRED',
    });
    return met;
  }

  /** What the definition says happens when nobody decided in time. */
  async function expire(
    stageId: string,
    onExpiry: OnExpiryDefinition | undefined,
    escalate: () => Promise<void>,
  ): Promise<void> {
    await record(stageId, 'DEADLINE_EXPIRED', { onExpiry: onExpiry ?? null });
    if (!onExpiry || ('outcome' in onExpiry && onExpiry.outcome === 'REJECT'))
      throw new Rejected(stageId, 'the deadline passed without a decision');
    if ('escalateTo' in onExpiry) await escalate();
  }

  async function runStage(stage: StageDefinition): Promise<void> {
    if (stage.kind === 'PARALLEL') {
      await Promise.all(stage.branches.map((branch) => runStages(branch)));
      return;
    }
    active.add(stage.id);
    if (stage.kind === 'DISBURSEMENT' || stage.kind === 'MONITORING') status = 'IN_EXECUTION';
    await project();
    await record(stage.id, 'STAGE_STARTED', { kind: stage.kind, name: stage.name });
    switch (stage.kind) {
      case 'CHECK':
        await record(stage.id, 'CHECK_PASSED', { rules: definition.rulesLabel });
        break;
      case 'DOCUMENT': {
        const complete = () => stage.documents.every((d) => documents.get(stage.id)?.has(d));
        if (!(await awaitWithDeadline(stage.id, stage.deadline, complete))) {
          await expire(stage.id, stage.onExpiry, () => condition(complete));
        }
        break;
      }
      case 'COMMITTEE': {
        const rules = committeeRules(stage);
        const decided = () => tallyCommittee(rules, votes.get(stage.id) ?? []).state !== 'PENDING';
        const ready = () =>
          decided() &&
          (!stage.setsDisbursementTimeline ||
            timelines.has(stage.id) ||
            tallyCommittee(rules, votes.get(stage.id) ?? []).state === 'REJECTED');
        let final = false;
        if (!(await awaitWithDeadline(stage.id, stage.deadline, ready))) {
          final = true;
          if (!decided()) await expire(stage.id, stage.onExpiry, () => condition(ready));
        }
        const tally = tallyCommittee(rules, votes.get(stage.id) ?? [], final);
        if (tally.state === 'PENDING') break; // approved by expiry rule
        await record(stage.id, `COMMITTEE_${tally.state}`, { ...tally }, null, null, tally.reason);
        if (tally.state === 'REJECTED') throw new Rejected(stage.id, tally.reason);
        break;
      }
      case 'REVIEW': {
        if (!(await awaitWithDeadline(stage.id, stage.deadline, () => reviews.has(stage.id)))) {
          await expire(stage.id, stage.onExpiry, async () => {
            const to = (stage.onExpiry as { escalateTo: string }).escalateTo;
            escalatedTo.set(stage.id, to);
            await record(stage.id, 'ESCALATED', { to });
            await condition(() => reviews.has(stage.id));
          });
        }
        const review = reviews.get(stage.id);
        if (review?.decision === 'REJECT') throw new Rejected(stage.id, review.reason);
        break;
      }
      case 'COMMITMENT': {
        const result = await activities.commitFunding({
          applicationId,
          idempotencyKey: `${applicationId}:${stage.id}:commit`,
        });
        if (!result.committed) throw new Rejected(stage.id, result.reason);
        status = 'APPROVED';
        await record(stage.id, 'FUNDING_COMMITTED');
        break;
      }
      case 'DISBURSEMENT': {
        for (const tranche of stage.tranches) {
          const blocking = findingsBlock();
          await condition(
            () =>
              (!tranche.afterReport || reports.has(tranche.afterReport)) &&
              (!blocking || openFindings.size === 0),
          );
          await activities.disburseTranche({
            applicationId,
            stageId: stage.id,
            trancheId: tranche.id,
            idempotencyKey: `${applicationId}:${stage.id}:${tranche.id}`,
          });
          await record(stage.id, 'TRANCHE_DISBURSED', {
            trancheId: tranche.id,
            percent: tranche.percent,
          });
        }
        break;
      }
      case 'MONITORING':
        await condition(
          () => stage.reports.every((r) => reports.has(r)) && openFindings.size === 0,
        );
        break;
      case 'HANDOVER':
        await condition(() => handedOver.has(stage.id));
        break;
    }
    active.delete(stage.id);
    await record(stage.id, 'STAGE_COMPLETED');
    await project();
  }

  function findingsBlock(): boolean {
    return [...stagesById.values()].some(
      (s) => s.kind === 'MONITORING' && s.findingsBlockDisbursement,
    );
  }

  async function runStages(stages: StageDefinition[]): Promise<void> {
    for (const stage of stages) await runStage(stage);
  }

  await record(null, 'WORKFLOW_STARTED', {
    programme: definition.key,
    rules: definition.rulesLabel,
  });
  try {
    await runStages(definition.procedure.stages);
    status = 'COMPLETED';
    await record(null, 'COMPLETED');
  } catch (e) {
    if (!(e instanceof Rejected)) throw e;
    status = 'REJECTED';
    active.clear();
    await record(e.stageId, 'REJECTED', {}, null, null, e.reason);
  }
  await project();
  await condition(allHandlersFinished);
  return status;
}

function committeeRules(stage: StageOf<'COMMITTEE'>) {
  return {
    members: stage.members,
    chair: stage.chair,
    quorum: stage.quorum,
    majority: stage.majority,
    chairHasCastingVote: stage.chairHasCastingVote ?? false,
  };
}
