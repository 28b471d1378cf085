import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ApplicationFailure } from '@temporalio/common';
import Decimal from 'decimal.js';
import { DataSource, EntityManager } from 'typeorm';
import {
  flattenStages,
  minorUnitDigits,
  ProgrammeDefinition,
  renderPlaque,
  trancheAmounts,
} from '@codev/domain';
import { addWorkingDays } from '@codev/domain/calendar';
import {
  accounts,
  ApplicationEntity,
  LedgerRepository,
  ProgrammeVersionEntity,
} from '@codev/persistence';
import type { EngineActivities, EventInput } from '@codev/workflows';

class EnvelopeExhausted extends Error {}

/**
 * The workflow's side effects. Each is idempotent, because Temporal may run an activity
 * again after a crash: events and ledger transactions carry keys the database keeps unique.
 */
@Injectable()
export class EngineActivitiesService implements EngineActivities {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async recordEvent(e: EventInput): Promise<void> {
    await this.db.transaction(async (em) => {
      const inserted: unknown[] = await em.query(
        `WITH inserted AS (
           INSERT INTO application_event (application_id, event_key, stage_id, kind, actor_subject, actor_organisation_id,
                                          actor_role, reason, detail)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (application_id, event_key) DO NOTHING RETURNING id)
         SELECT id FROM inserted`,
        [
          e.applicationId,
          e.eventKey,
          e.stageId,
          e.kind,
          e.actor?.subject ?? null,
          e.actor?.organisationId ?? null,
          e.actorRole,
          e.reason,
          e.detail,
        ],
      );
      if (inserted.length === 0) return; // recorded by an earlier attempt
      if (e.kind === 'DOCUMENT_SUBMITTED') {
        await em.query(
          `INSERT INTO application_document (application_id, stage_id, document_type, uri, organisation_id, submitted_by)
           VALUES ($1, $2, $3, $4, $5, $6)`,
          [
            e.applicationId,
            e.stageId,
            e.detail.documentType,
            e.detail.uri,
            e.actor?.organisationId,
            e.actor?.subject,
          ],
        );
      }
      if (e.kind === 'DISBURSEMENT_TIMELINE_SET') {
        await em.query(`UPDATE application SET disbursement_timeline = $2 WHERE id = $1`, [
          e.applicationId,
          JSON.stringify(e.detail.entries),
        ]);
      }
    });
  }

  async projectProgress(input: Parameters<EngineActivities['projectProgress']>[0]): Promise<void> {
    await this.db.query(
      `UPDATE application SET status = $2, active_stages = $3, projection_seq = $4,
              closed_at = CASE WHEN $2 IN ('COMPLETED', 'REJECTED') THEN coalesce(closed_at, now()) END
       WHERE id = $1 AND projection_seq < $4 AND status <> 'WITHDRAWN'`,
      [input.applicationId, input.status, input.activeStages, input.seq],
    );
  }

  async computeDeadline(
    input: Parameters<EngineActivities['computeDeadline']>[0],
  ): Promise<string> {
    const from = new Date(input.from);
    if ('seconds' in input.deadline)
      return new Date(from.getTime() + input.deadline.seconds * 1000).toISOString();
    return addWorkingDays(from, {
      workingDays: input.deadline.workingDays,
      calendar: input.deadline.calendar ?? input.definition.calendar,
      timeZone: input.definition.timeZone,
    }).toISOString();
  }

  async recordDeadline(input: {
    applicationId: string;
    stageId: string;
    dueAt: string;
    status: 'OPEN' | 'MET' | 'EXPIRED';
  }): Promise<void> {
    await this.db.query(
      `INSERT INTO application_deadline (application_id, stage_id, due_at, status) VALUES ($1, $2, $3, $4)
       ON CONFLICT (application_id, stage_id) DO UPDATE SET due_at = excluded.due_at, status = excluded.status`,
      [input.applicationId, input.stageId, input.dueAt, input.status],
    );
  }

  /**
   * Commits every funder's share in one transaction: the postings, and each envelope's
   * committed amount. If one envelope cannot take its share, nothing is written.
   */
  async commitFunding(input: { applicationId: string; idempotencyKey: string }) {
    try {
      await this.db.transaction(async (em) => {
        const { application, definition, parties } = await this.load(em, input.applicationId);
        const ledger = new LedgerRepository(em);
        const lines = application.fundingSplit.lines;
        const posted = await ledger.post(
          input.idempotencyKey,
          'COMMITMENT',
          application.id,
          `Funding committed for "${application.title}"`,
          lines.flatMap((line) => {
            const organisationId = parties.get(line.role);
            if (!organisationId) {
              // Eligibility requires every funder to be named; this is a broken invariant.
              throw ApplicationFailure.nonRetryable(
                `no organisation funds the "${line.role}" share`,
              );
            }
            const common = {
              applicationId: application.id,
              partyRole: line.role,
              organisationId,
              currency: application.currency,
              original: line.pledged,
            };
            return [
              {
                ...common,
                account: accounts.funderCommitments(organisationId),
                amount: new Decimal(line.amount).negated().toString(),
              },
              {
                ...common,
                account: accounts.committed(application.id, line.role),
                amount: line.amount,
              },
            ];
          }),
        );
        if (!posted) return; // an earlier attempt committed already
        for (const envelope of definition.funding.envelopes ?? []) {
          const needed = lines
            .filter((l) => l.role === envelope.role)
            .reduce((s, l) => s.plus(l.amount), new Decimal(0));
          const id = await ledger.ensureEnvelope(
            application.programmeId,
            envelope.role,
            application.submittedYear,
            application.currency,
            envelope.yearlyAmount,
          );
          if (!(await ledger.commitToEnvelope(id, needed.toString()))) {
            throw new EnvelopeExhausted(
              `the ${envelope.role} envelope for ${application.submittedYear} cannot take ${needed.toFixed(minorUnitDigits(application.currency))} ${application.currency} more`,
            );
          }
        }
      });
      return { committed: true as const };
    } catch (e) {
      if (e instanceof EnvelopeExhausted) return { committed: false as const, reason: e.message };
      throw e;
    }
  }

  async disburseTranche(input: {
    applicationId: string;
    stageId: string;
    trancheId: string;
    idempotencyKey: string;
  }): Promise<void> {
    await this.db.transaction(async (em) => {
      const { application, definition, parties } = await this.load(em, input.applicationId);
      const stage = flattenStages(definition.procedure.stages).find(
        (s) => s.stage.id === input.stageId,
      )?.stage;
      if (stage?.kind !== 'DISBURSEMENT') {
        throw ApplicationFailure.nonRetryable(`stage ${input.stageId} is not a disbursement stage`);
      }
      const committedByRole = new Map<string, Decimal>();
      for (const line of application.fundingSplit.lines) {
        committedByRole.set(
          line.role,
          (committedByRole.get(line.role) ?? new Decimal(0)).plus(line.amount),
        );
      }
      const parts = trancheAmounts(
        [...committedByRole].map(([role, amount]) => ({ role, amount: amount.toString() })),
        stage.tranches,
        minorUnitDigits(application.currency),
      ).filter((p) => p.trancheId === input.trancheId && Number(p.amount) !== 0);
      await new LedgerRepository(em).post(
        input.idempotencyKey,
        'DISBURSEMENT',
        application.id,
        `Tranche ${input.trancheId} of "${application.title}"`,
        parts.flatMap((p) => {
          const common = {
            applicationId: application.id,
            partyRole: p.role,
            organisationId: parties.get(p.role) ?? null,
            currency: application.currency,
          };
          return [
            {
              ...common,
              account: accounts.committed(application.id, p.role),
              amount: new Decimal(p.amount).negated().toString(),
            },
            { ...common, account: accounts.disbursed(application.id, p.role), amount: p.amount },
          ];
        }),
      );
    });
  }

  async issueHandover(input: Parameters<EngineActivities['issueHandover']>[0]): Promise<void> {
    await this.db.transaction(async (em) => {
      const { application, definition, parties } = await this.load(em, input.applicationId);
      const stage = flattenStages(definition.procedure.stages).find(
        (s) => s.stage.id === input.stageId,
      )?.stage;
      if (stage?.kind !== 'HANDOVER')
        throw ApplicationFailure.nonRetryable(`stage ${input.stageId} is not a handover`);
      const names = new Map<string, string>(
        (
          (await em.query(`SELECT id, name FROM organisation WHERE id = ANY($1::uuid[])`, [
            [...parties.values()],
          ])) as { id: string; name: string }[]
        ).map((o) => [o.id, o.name]),
      );
      const nameOf = (role: string) => names.get(parties.get(role) ?? '') ?? role;
      const applicantRole = definition.eligibility.applicantRoles.find((r) => parties.has(r))!;
      const funders = definition.funding.shares.map((s) => s.role).filter((r) => parties.has(r));
      const amountOf = (role: string) =>
        application.fundingSplit.lines
          .filter((l) => l.role === role)
          .reduce((s, l) => s.plus(l.amount), new Decimal(0));
      const digits = minorUnitDigits(application.currency);
      const certificate = {
        issuedAt: new Date().toISOString(),
        certifiedBy: {
          role: stage.certifiedBy,
          organisation: nameOf(stage.certifiedBy),
          subject: input.actor.subject,
        },
        remarks: input.remarks,
        commitments: stage.commitments.map((c) => ({
          role: c.role,
          organisation: nameOf(c.role),
          commitment: c.text,
        })),
      };
      const plaque = renderPlaque(stage.plaque, {
        project: application.title,
        applicant: nameOf(applicantRole),
        parties: funders.filter((r) => r !== applicantRole).map(nameOf),
        amounts: funders.map((r) => ({
          party: nameOf(r),
          amount: amountOf(r).toFixed(digits),
          currency: application.currency,
        })),
        year: new Date().getUTCFullYear(),
      });
      await em.query(
        `UPDATE application SET certificate = $2, plaque_text = $3 WHERE id = $1 AND certificate IS NULL`,
        [application.id, certificate, plaque],
      );
      await em.query(
        `INSERT INTO application_event (application_id, event_key, stage_id, kind, actor_subject, actor_organisation_id, actor_role, reason, detail)
         VALUES ($1, $2, $3, 'HANDOVER_CERTIFIED', $4, $5, $6, $7, $8) ON CONFLICT (application_id, event_key) DO NOTHING`,
        [
          application.id,
          `${input.stageId}:handover`,
          input.stageId,
          input.actor.subject,
          input.actor.organisationId,
          stage.certifiedBy,
          input.remarks,
          { plaque },
        ],
      );
    });
  }

  private async load(em: EntityManager, applicationId: string) {
    const application = await em.findOne(ApplicationEntity, {
      where: { id: applicationId },
      lock: { mode: 'pessimistic_write' },
    });
    if (!application)
      throw ApplicationFailure.nonRetryable(`application ${applicationId} does not exist`);
    const version = await em.findOneByOrFail(ProgrammeVersionEntity, {
      id: application.programmeVersionId,
    });
    const partyRows = (await em.query(
      `SELECT role, organisation_id FROM application_party WHERE application_id = $1`,
      [applicationId],
    )) as { role: string; organisation_id: string }[];
    return {
      application,
      definition: version.definition as ProgrammeDefinition,
      parties: new Map(partyRows.map((p) => [p.role, p.organisation_id])),
    };
  }
}
