import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ApplicationFailure } from '@temporalio/common';
import Decimal from 'decimal.js';
import { DataSource, EntityManager } from 'typeorm';
import { minorUnitDigits, missingDocuments, parseJurisdictionCode } from '@codev/domain';
import { addWorkingDays } from '@codev/domain/calendar';
import { aggregateScore, allocate, Candidate, rank } from '@codev/domain/calls';
import {
  CallApplicationEntity,
  CallEntity,
  createCallProject,
  LedgerRepository,
} from '@codev/persistence';
import type { CallActivities, CallStatus } from '@codev/workflows';

const ORDER: CallStatus[] = [
  'SCHEDULED',
  'OPEN',
  'CLOSED',
  'EVALUATION',
  'PROVISIONAL',
  'RESOLVED',
];

@Injectable()
export class CallActivitiesService implements CallActivities {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * Moves a call forward (never back). The UPDATE takes the call's row lock, which waits for
   * every submission holding it in share mode: once CLOSED is written, no submission is in
   * flight and the count below is final.
   */
  async setCallStatus(input: {
    callId: string;
    status: CallStatus;
    phaseDeadline?: string | null;
  }) {
    return this.db.transaction(async (em) => {
      const allowedFrom = ORDER.slice(0, ORDER.indexOf(input.status) + 1);
      await em.query(
        `UPDATE call SET status = $2, phase_deadline = CASE WHEN $4::boolean THEN $5::timestamptz ELSE phase_deadline END
         WHERE id = $1 AND status = ANY($3::text[])`,
        [
          input.callId,
          input.status,
          allowedFrom,
          input.phaseDeadline !== undefined,
          input.phaseDeadline ?? null,
        ],
      );
      const [{ n }] = (await em.query(
        `SELECT count(*)::int AS n FROM call_application WHERE call_id = $1`,
        [input.callId],
      )) as { n: number }[];
      return { applications: n };
    });
  }

  async checkCompleteness(input: { callId: string }): Promise<{ defective: number }> {
    return this.db.transaction(async (em) => {
      const call = await em.findOneByOrFail(CallEntity, { id: input.callId });
      const applications = await em.find(CallApplicationEntity, {
        where: { callId: input.callId, status: 'SUBMITTED' },
        lock: { mode: 'pessimistic_write' },
      });
      let defective = 0;
      for (const a of applications) {
        const defects = missingDocuments(call.definition, a.documents);
        if (defects.length) defective++;
        await em.update(
          CallApplicationEntity,
          { id: a.id },
          { status: defects.length ? 'DEFECTIVE' : 'COMPLETE', defects },
        );
      }
      return { defective };
    });
  }

  async callPeriodEnd(input: {
    callId: string;
    period: 'defectFix' | 'objections';
    from: string;
  }): Promise<string> {
    const call = await this.db.manager.findOneByOrFail(CallEntity, { id: input.callId });
    const period =
      input.period === 'defectFix'
        ? call.definition.defectFixPeriod
        : call.definition.objectionsPeriod;
    const from = new Date(input.from);
    if ('seconds' in period) return new Date(from.getTime() + period.seconds * 1000).toISOString();
    // The issuer's calendar: national holidays, and its region's where it has one.
    const [issuer] = (await this.db.query(
      `SELECT j.code FROM organisation o JOIN jurisdiction j ON j.id = o.jurisdiction_id WHERE o.id = $1`,
      [call.issuerId],
    )) as { code: string }[];
    const parsed = issuer ? parseJurisdictionCode(issuer.code) : undefined;
    const country = parsed?.ok
      ? parsed.value.countryCode
      : call.definition.currency === 'EUR'
        ? 'ES'
        : 'MX';
    const subdivision = parsed?.ok
      ? parsed.value.kind === 'MUNICIPALITY'
        ? parsed.value.parentCode
        : parsed.value.kind === 'SUBDIVISION'
          ? parsed.value.code
          : undefined
      : undefined;
    return addWorkingDays(from, {
      workingDays: period.workingDays,
      calendar: period.calendar ?? { country, ...(subdivision ? { subdivision } : {}) },
      timeZone: call.definition.window.timeZone,
    }).toISOString();
  }

  /** Takes each defective application's row lock, so a fix in flight finishes (or fails) first. */
  async settleDefects(input: { callId: string }): Promise<{ setAside: number }> {
    const rows = (await this.db.query(
      `WITH settled AS (UPDATE call_application SET status = 'SET_ASIDE' WHERE call_id = $1 AND status = 'DEFECTIVE' RETURNING id)
       SELECT count(*)::int AS n FROM settled`,
      [input.callId],
    )) as { n: number }[];
    return { setAside: rows[0].n };
  }

  async rankAndAllocate(input: { callId: string }) {
    return this.db.transaction(async (em) => {
      const call = await em.findOneByOrFail(CallEntity, { id: input.callId });
      const d = call.definition;
      const applications = await em.find(CallApplicationEntity, {
        where: { callId: call.id, status: 'COMPLETE' },
      });
      const sheets = await this.sheets(
        em,
        applications.map((a) => a.id),
      );
      const candidates: Candidate[] = [];
      for (const a of applications) {
        const scored = aggregateScore(
          d.criteria,
          d.aggregation,
          sheets.get(a.id)!,
          d.minimumEvaluators,
        );
        if (!scored.ok)
          throw ApplicationFailure.nonRetryable(
            `application ${a.id} cannot be ranked: ${scored.reason}`,
          );
        candidates.push({
          applicationId: a.id,
          total: scored.total,
          byCriterion: scored.byCriterion,
          submittedAt: a.submittedAt.toISOString(),
          requested: new Decimal(a.requestedAmount).toFixed(minorUnitDigits(d.currency)),
        });
      }
      const ranked = rank(candidates, d.tieBreaks);
      const allocation = allocate({
        ranked,
        budget: d.budget,
        currency: d.currency,
        lastFit: d.lastFit,
        minimumTotal: d.minimumScore,
      });
      const byId = new Map(ranked.map((r) => [r.applicationId, r]));
      const write = (id: string, status: string, granted: string | null, partial: boolean) => {
        const r = byId.get(id)!;
        return em.update(
          CallApplicationEntity,
          { id },
          {
            status,
            rank: r.rank,
            totalScore: r.total,
            scoreByCriterion: r.byCriterion,
            granted,
            partialGrant: partial,
          },
        );
      };
      for (const f of allocation.funded)
        await write(f.applicationId, 'FUNDED', f.granted, f.partial);
      for (const r of allocation.reserve) await write(r.applicationId, 'RESERVE', null, false);
      for (const x of allocation.excluded) await write(x.applicationId, 'EXCLUDED', null, false);
      return {
        funded: allocation.funded.length,
        reserve: allocation.reserve.length,
        excluded: allocation.excluded.length,
        committed: allocation.committed,
      };
    });
  }

  /**
   * The final resolution, in one transaction: the call's envelope takes the sum of the grants
   * (refusing it if that would ever exceed the budget) and each funded application becomes a
   * project with its commitment posted. Takes the call's row lock, so objections in flight are
   * recorded first. Safe to retry: the marker transaction and the projects are created once.
   */
  async finaliseCall(input: { callId: string; idempotencyKey: string }) {
    return this.db.transaction(async (em) => {
      await em.query(`SELECT id FROM call WHERE id = $1 FOR UPDATE`, [input.callId]);
      const call = await em.findOneByOrFail(CallEntity, { id: input.callId });
      const funded = await em.find(CallApplicationEntity, {
        where: { callId: call.id, status: 'FUNDED' },
        order: { rank: 'ASC' },
      });
      const ledger = new LedgerRepository(em);
      if (
        await ledger.post(
          input.idempotencyKey,
          'COMMITMENT',
          null,
          `Final resolution of ${call.definition.key}`,
          [],
        )
      ) {
        const total = funded.reduce((s, a) => s.plus(a.granted!), new Decimal(0));
        if (!(await ledger.commitToEnvelope(call.envelopeId, total.toString()))) {
          throw ApplicationFailure.nonRetryable(
            `the grants (${total.toString()}) exceed the call's envelope`,
          );
        }
      }
      const projects = [];
      for (const a of funded) projects.push(await createCallProject(em, call, a));
      return { projects };
    });
  }

  private async sheets(em: EntityManager, ids: string[]) {
    const scores = (await em.query(
      `SELECT call_application_id, evaluator, criterion_id, score::text, reason FROM call_score WHERE call_application_id = ANY($1::uuid[])`,
      [ids],
    )) as {
      call_application_id: string;
      evaluator: string;
      criterion_id: string;
      score: string;
      reason: string;
    }[];
    const recusals = (await em.query(
      `SELECT call_application_id, evaluator FROM call_recusal WHERE call_application_id = ANY($1::uuid[])`,
      [ids],
    )) as { call_application_id: string; evaluator: string }[];
    return new Map(
      ids.map((id) => [
        id,
        {
          applicationId: id,
          scores: scores
            .filter((s) => s.call_application_id === id)
            .map((s) => ({
              evaluator: s.evaluator,
              criterionId: s.criterion_id,
              score: s.score,
              reason: s.reason,
            })),
          recused: recusals.filter((r) => r.call_application_id === id).map((r) => r.evaluator),
        },
      ]),
    );
  }
}
