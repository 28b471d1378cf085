import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ApplicationFailure } from '@temporalio/common';
import Decimal from 'decimal.js';
import { DataSource, EntityManager } from 'typeorm';
import { minorUnitDigits } from '@codev/domain';
import {
  aggregateScore,
  DATA_EVALUATOR,
  type Allocation,
  allocate,
  type AllocationInput,
  type Candidate,
  moveUp,
  rank,
  type Ranked,
} from '@codev/domain/calls';
import type { CallActivities, CallDefinition, RoundMessage } from '@codev/engine';
import { LedgerRepository } from '@codev/persistence';
import { transactionally } from '../transitions/activity-errors';
import { callPeriodEnd } from './call-periods';
import { type EntryRow, entriesOf, lockCall, recordRoundEvents } from './round.repository';
import { RoundBroadcaster } from './round-broadcast';
import { marksFromData } from './criterion-from-data';

const RANKED = ['FUNDED', 'RESERVE', 'EXCLUDED'];

/**
 * The round's decisions: ranking and allocation (the provisional resolution), the final
 * resolution that reserves every grant in the call's budget, and the reserve list moving up.
 * The arithmetic is the pure domain's; here it is read from and written to the projection,
 * under the call's row lock, and the applications are told.
 */
@Injectable()
export class RoundAllocationActivities implements Pick<
  CallActivities,
  'rankRound' | 'resolveRound' | 'moveReserveUp' | 'expireReserve'
> {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly broadcast: RoundBroadcaster,
  ) {}

  async rankRound({ callId }: { callId: string }) {
    const { entries, objectionsUntil } = await transactionally(this.db, async (em) => {
      const call = await lockCall(em, callId);
      const d = call.definition;
      // Ranked once: the objections period it opens is the mark (the evaluation has none).
      if (call.status === 'EVALUATION' && !call.phaseDeadline) {
        const complete = (await entriesOf(em, callId)).filter((e) => e.status === 'COMPLETE');
        const candidates = await this.candidates(em, d, complete);
        const ranked = rank(candidates, d.tieBreaks);
        const allocation = allocate(allocationInput(d, ranked, d.budget));
        await writeAllocation(em, allocation, ranked);
        const until = callPeriodEnd(d, call.issuerCode, d.objectionsPeriod, call.now);
        await em.query(`UPDATE call SET phase_deadline = $2 WHERE id = $1`, [callId, until]);
        call.phaseDeadline = until;
      } else if (call.status !== 'PROVISIONAL' && call.status !== 'EVALUATION') {
        throw ApplicationFailure.nonRetryable(
          `the call is ${call.status}, not in EVALUATION`,
          'CONFLICT',
        );
      }
      const entries = await entriesOf(em, callId);
      await recordRoundEvents(
        em,
        'round:provisional',
        'PROVISIONAL_RESOLUTION',
        entries.filter(isRanked).map(resultEvent),
      );
      return { entries, objectionsUntil: call.phaseDeadline!.toISOString() };
    });
    await this.broadcast.send(
      entries.filter(isRanked).map((e) => ({
        workflowId: e.workflowId,
        message: {
          phase: 'PROVISIONAL',
          result: e.status as 'FUNDED' | 'RESERVE' | 'EXCLUDED',
          rank: e.rank!,
          totalScore: e.totalScore!,
          granted: e.granted,
          partial: e.partial,
          objectionsUntil,
        },
      })),
    );
    // Published once every application knows: a client that sees PROVISIONAL can object.
    await this.db.query(
      `UPDATE call SET status = 'PROVISIONAL' WHERE id = $1 AND status = 'EVALUATION'`,
      [callId],
    );
    return { objectionsUntil };
  }

  /**
   * The final resolution: the allocation again over the provisional ranking (an application
   * withdrawn meanwhile leaves its place), and the grants reserved in the call's envelope in
   * one step that can never pass the budget.
   */
  async resolveRound({ callId, idempotencyKey }: { callId: string; idempotencyKey: string }) {
    const out = await transactionally(this.db, async (em) => {
      const call = await lockCall(em, callId);
      const d = call.definition;
      // Resolved once: the ledger marker of the final resolution is the mark.
      const ledger = new LedgerRepository(em);
      if (
        call.status === 'PROVISIONAL' &&
        (await ledger.post(idempotencyKey, 'COMMITMENT', null, `Final resolution of ${d.key}`, []))
      ) {
        const ranked = (await entriesOf(em, callId)).filter(isRanked).map(toRanked(d));
        const allocation = allocate(allocationInput(d, ranked, d.budget));
        if (!(await ledger.commitToEnvelope(call.envelopeId, allocation.committed)))
          throw ApplicationFailure.nonRetryable(
            `the grants (${allocation.committed}) exceed the call's envelope`,
          );
        await writeAllocation(em, allocation, ranked);
        const until = callPeriodEnd(d, call.issuerCode, d.reserveListValidity, call.now);
        // RESOLVED at once, with the grants reserved: withdrawals from here on give them back.
        await em.query(`UPDATE call SET status = 'RESOLVED', phase_deadline = $2 WHERE id = $1`, [
          callId,
          until,
        ]);
        call.phaseDeadline = until;
      }
      const entries = await entriesOf(em, callId);
      await recordRoundEvents(
        em,
        'round:resolved',
        'FINAL_RESOLUTION',
        entries.filter(isRanked).map(resultEvent),
      );
      return {
        entries,
        reserveUntil: call.phaseDeadline?.toISOString() ?? null,
        currency: d.currency,
      };
    });
    const ranked = out.entries.filter(isRanked);
    await this.broadcast.send(
      ranked.map((e) => ({
        workflowId: e.workflowId,
        message: {
          phase: 'RESOLVED',
          result: e.status as 'FUNDED' | 'RESERVE' | 'EXCLUDED',
          granted: e.granted,
          partial: e.partial,
        },
      })),
    );
    const funded = ranked.filter((e) => e.status === 'FUNDED');
    return {
      applications: out.entries.length,
      funded: funded.length,
      reserve: ranked.filter((e) => e.status === 'RESERVE').length,
      excluded: ranked.filter((e) => e.status === 'EXCLUDED').length,
      committed: funded
        .reduce((s, e) => s.plus(e.granted!), new Decimal(0))
        .toFixed(minorUnitDigits(out.currency)),
      reserveUntil: out.reserveUntil,
    };
  }

  /** Money a withdrawal gave back to the envelope goes down the reserve list, by the call's rule. */
  async moveReserveUp({ callId, idempotencyKey }: { callId: string; idempotencyKey: string }) {
    const eventKey = `round:promoted:${idempotencyKey}`;
    const { promoted, reserveLeft } = await transactionally(this.db, async (em) => {
      const call = await lockCall(em, callId);
      const d = call.definition;
      const entries = await entriesOf(em, callId);
      const ledger = new LedgerRepository(em);
      if (await ledger.post(idempotencyKey, 'COMMITMENT', null, `Reserve list of ${d.key}`, [])) {
        const ranked = entries.filter(isRanked).map(toRanked(d));
        const [envelope] = (await em.query(
          `SELECT amount::text, committed::text FROM envelope WHERE id = $1`,
          [call.envelopeId],
        )) as { amount: string; committed: string }[];
        const current = currentAllocation(d, entries, envelope);
        const next = moveUp(allocationInput(d, ranked, current.budget), current.allocation);
        const promoted = next.funded.filter(
          (f) => !current.allocation.funded.some((c) => c.applicationId === f.applicationId),
        );
        for (const p of promoted)
          if (!(await ledger.commitToEnvelope(call.envelopeId, p.granted)))
            throw new Error('the envelope refused a promotion the allocation allowed');
        await writeAllocation(em, { ...next, funded: promoted, reserve: [], excluded: [] }, ranked);
        await recordRoundEvents(
          em,
          eventKey,
          'PROMOTED_FROM_RESERVE',
          promoted.map((p) => ({ applicationId: p.applicationId, detail: { granted: p.granted } })),
        );
      }
      const promoted = (await em.query(
        `SELECT s.application_id AS "applicationId", a.workflow_id AS "workflowId", s.granted::text, s.partial_grant AS partial
         FROM application_event e JOIN selection_entry s ON s.application_id = e.application_id
         JOIN application a ON a.id = s.application_id WHERE e.event_key = $1 AND s.call_id = $2`,
        [eventKey, callId],
      )) as { workflowId: string; granted: string; partial: boolean }[];
      const reserveLeft = (await entriesOf(em, callId)).filter(
        (e) => e.status === 'RESERVE',
      ).length;
      return { promoted, reserveLeft };
    });
    await this.broadcast.send(
      promoted.map((p) => ({
        workflowId: p.workflowId,
        message: { phase: 'PROMOTED', granted: p.granted, partial: p.partial },
      })),
    );
    return { reserveLeft };
  }

  async expireReserve({ callId }: { callId: string }) {
    const reserve = (await entriesOf(this.db.manager, callId)).filter(
      (e) => e.status === 'RESERVE',
    );
    const message: RoundMessage = { phase: 'RESERVE_EXPIRED' };
    await this.broadcast.send(reserve.map((e) => ({ workflowId: e.workflowId, message })));
  }

  /** Each complete application's aggregate score; refused while one lacks its evaluators. */
  private async candidates(
    em: EntityManager,
    d: CallDefinition,
    complete: EntryRow[],
  ): Promise<Candidate[]> {
    const ids = complete.map((e) => e.applicationId);
    const scores = [
      ...((await em.query(
        `SELECT application_id AS id, evaluator, criterion_id AS "criterionId", score::text, reason
         FROM selection_score WHERE application_id = ANY($1::uuid[])`,
        [ids],
      )) as {
        id: string;
        evaluator: string;
        criterionId: string;
        score: string;
        reason: string;
      }[]),
      ...(await marksFromData(em, d, ids)),
    ];
    const recusals = (await em.query(
      `SELECT application_id AS id, evaluator FROM selection_recusal WHERE application_id = ANY($1::uuid[])`,
      [ids],
    )) as { id: string; evaluator: string }[];
    const recusedBy = (id: string) => recusals.filter((r) => r.id === id).map((r) => r.evaluator);
    const short = complete.filter((e) => {
      const recused = recusedBy(e.applicationId);
      const evaluators = new Set(
        scores
          .filter((s) => s.id === e.applicationId && !recused.includes(s.evaluator))
          .filter((s) => s.evaluator !== DATA_EVALUATOR)
          .map((s) => s.evaluator),
      );
      return evaluators.size < d.minimumEvaluators;
    });
    if (short.length)
      throw ApplicationFailure.nonRetryable(
        `${short.length} application(s) have fewer than ${d.minimumEvaluators} evaluators`,
        'BAD_USER_INPUT',
      );
    return complete.map((e) => {
      const scored = aggregateScore(
        d.criteria,
        d.aggregation,
        {
          applicationId: e.applicationId,
          scores: scores.filter((s) => s.id === e.applicationId),
          recused: recusedBy(e.applicationId),
        },
        d.minimumEvaluators,
      );
      if (!scored.ok)
        throw ApplicationFailure.nonRetryable(
          `application ${e.applicationId} cannot be ranked: ${scored.reason}`,
        );
      return {
        applicationId: e.applicationId,
        total: scored.total,
        byCriterion: scored.byCriterion,
        submittedAt: e.submittedAt.toISOString(),
        requested: new Decimal(e.requested).toFixed(minorUnitDigits(d.currency)),
      };
    });
  }
}

const isRanked = (e: EntryRow) => RANKED.includes(e.status);

const resultEvent = (e: EntryRow) => ({
  applicationId: e.applicationId,
  detail: { result: e.status, rank: e.rank, totalScore: e.totalScore, granted: e.granted },
});

function allocationInput(d: CallDefinition, ranked: Ranked[], budget: string): AllocationInput {
  return { ranked, budget, currency: d.currency, lastFit: d.lastFit, minimumTotal: d.minimumScore };
}

const toRanked =
  (d: CallDefinition) =>
  (e: EntryRow): Ranked => ({
    applicationId: e.applicationId,
    total: e.totalScore!,
    byCriterion: e.scoreByCriterion ?? {},
    submittedAt: e.submittedAt.toISOString(),
    requested: new Decimal(e.requested).toFixed(minorUnitDigits(d.currency)),
    rank: e.rank!,
    tieBrokenBy: null,
  });

/** The allocation as it stands: funded grants, the reserve, and what the envelope has free. */
function currentAllocation(
  d: CallDefinition,
  entries: EntryRow[],
  envelope: { amount: string; committed: string },
): { allocation: Allocation; budget: string } {
  const digits = minorUnitDigits(d.currency);
  const funded = entries.filter((e) => e.status === 'FUNDED');
  const committed = funded.reduce((s, e) => s.plus(e.granted!), new Decimal(0));
  const free = new Decimal(envelope.amount).minus(envelope.committed);
  const allocation: Allocation = {
    funded: funded.map((e) => ({
      applicationId: e.applicationId,
      rank: e.rank!,
      granted: new Decimal(e.granted!).toFixed(digits),
      partial: e.partial,
    })),
    reserve: entries
      .filter((e) => e.status === 'RESERVE')
      .map((e) => ({ applicationId: e.applicationId, rank: e.rank! })),
    excluded: entries
      .filter((e) => e.status === 'EXCLUDED')
      .map((e) => ({
        applicationId: e.applicationId,
        rank: e.rank!,
        reason: 'below the minimum score',
      })),
    committed: committed.toFixed(digits),
    remaining: free.toFixed(digits),
  };
  return { allocation, budget: committed.plus(free).toFixed(digits) };
}

/** Writes an allocation's statuses, ranks, scores and grants into the call's list. */
async function writeAllocation(em: EntityManager, a: Allocation, ranked: Ranked[]): Promise<void> {
  const byId = new Map(ranked.map((r) => [r.applicationId, r]));
  const rows = [
    ...a.funded.map((f) => ({
      id: f.applicationId,
      status: 'FUNDED',
      granted: f.granted,
      partial: f.partial,
    })),
    ...a.reserve.map((r) => ({
      id: r.applicationId,
      status: 'RESERVE',
      granted: null,
      partial: false,
    })),
    ...a.excluded.map((x) => ({
      id: x.applicationId,
      status: 'EXCLUDED',
      granted: null,
      partial: false,
    })),
  ];
  await em.query(
    `UPDATE selection_entry s SET status = x.status, rank = x.rank, total_score = x.total,
            score_by_criterion = x.criteria, granted = x.granted, partial_grant = x.partial
     FROM unnest($1::uuid[], $2::text[], $3::int[], $4::numeric[], $5::jsonb[], $6::numeric[], $7::boolean[])
       AS x(id, status, rank, total, criteria, granted, partial)
     WHERE s.application_id = x.id`,
    [
      rows.map((r) => r.id),
      rows.map((r) => r.status),
      rows.map((r) => byId.get(r.id)!.rank),
      rows.map((r) => byId.get(r.id)!.total),
      rows.map((r) => JSON.stringify(byId.get(r.id)!.byCriterion)),
      rows.map((r) => r.granted),
      rows.map((r) => r.partial),
    ],
  );
}
