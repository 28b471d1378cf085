import Decimal from 'decimal.js';
import { componentOf } from '../agreement/agreement-envelopes';
import type { ApplicationRecord } from '../contract/application.contract';
import type { FundingSplit } from '@codev/domain/funding/funding-formula';
import type { CalendarRef, DeadlineDefinition } from '../definition/schema-atoms';
import type { Projection } from '../stages/projection';
import { releasePostings } from './release-postings';
import { type ReminderLead, reminderInstant } from './reminder';

/** Writes of the application as a whole: its row, its deadlines, and what returns when it ends. */
export const applicationProjection: Projection = {
  'application.create': async (e, { sql, applicationId }) => {
    const r = e.record as ApplicationRecord;
    const funding = e.funding as FundingSplit;
    const [row] = (await sql.query(
      `INSERT INTO application (id, programme_id, programme_version_id, title, sector, applicant_id, project_jurisdiction_id,
         country_code, subdivision_code, municipality_code, total_amount, currency, funding_split, status, workflow_id,
         submitted_by, submitted_at, submitted_year, fingerprint, cost_items, dac_purpose)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, 'IN_REVIEW', $14, $15, clock_timestamp(),
         extract(year FROM clock_timestamp() AT TIME ZONE 'UTC'), $16, $17, $18)
       RETURNING submitted_at`,
      [
        applicationId,
        r.programmeId,
        r.programmeVersionId,
        r.title,
        r.sector,
        r.applicantId,
        r.projectJurisdictionId,
        r.countryCode,
        r.subdivisionCode,
        r.municipalityCode,
        funding.total,
        e.currency,
        funding,
        `application-${applicationId}`,
        r.submittedBy,
        r.fingerprint,
        JSON.stringify(r.costItems ?? []),
        r.dacPurpose ?? null,
      ],
    )) as { submitted_at: Date }[];
    const indicators = r.indicators ?? [];
    if (indicators.length)
      await sql.query(
        `INSERT INTO project_indicator (application_id, indicator, label, unit, baseline, target)
         SELECT $1, * FROM unnest($2::text[], $3::text[], $4::text[], $5::numeric[], $6::numeric[])`,
        [
          applicationId,
          ...(['code', 'label', 'unit', 'baseline', 'target'] as const).map((f) =>
            indicators.map((i) => i[f]),
          ),
        ],
      );
    const parties = Object.entries(e.parties as Record<string, string>);
    await sql.query(
      `INSERT INTO application_party (application_id, role, organisation_id)
       SELECT $1, * FROM unnest($2::text[], $3::uuid[])`,
      [applicationId, parties.map(([role]) => role), parties.map(([, id]) => id)],
    );
    if (r.documents.length)
      await sql.query(
        `INSERT INTO application_document (application_id, stage_id, document_type, uri, organisation_id, submitted_by)
         SELECT $1, NULL, *, $4, $5 FROM unnest($2::text[], $3::text[])`,
        [
          applicationId,
          r.documents.map((d) => d.documentType),
          r.documents.map((d) => d.uri),
          r.applicantId,
          r.submittedBy,
        ],
      );
    return { submittedAt: row.submitted_at.toISOString() };
  },

  'deadline.open': async (e, { sql, calendar, applicationId }) => {
    const where = {
      place: e.place as { jurisdictionCode: string } | null,
      fallback: e.calendar as CalendarRef,
      timeZone: e.timeZone as string,
    };
    const deadline = e.deadline as DeadlineDefinition | { at: string };
    const { dueAt, calendar: counted } = calendar.dueAt(e.from as string, deadline, where);
    await sql.query(
      `INSERT INTO application_deadline (application_id, stage_id, due_at, status, time_zone, calendar)
       VALUES ($1, $2, $3, 'OPEN', $4, $5)
       ON CONFLICT (application_id, stage_id) DO UPDATE
         SET due_at = excluded.due_at, status = 'OPEN', time_zone = excluded.time_zone, calendar = excluded.calendar`,
      [applicationId, e.stageId, dueAt, e.timeZone, counted],
    );
    const remindAt = reminderInstant(
      deadline,
      e.remindBefore as ReminderLead | undefined,
      dueAt,
      (earlier) => calendar.dueAt(e.from as string, earlier, where).dueAt,
    );
    return remindAt ? { dueAt, remindAt } : { dueAt };
  },

  'deadline.close': async (e, { sql, applicationId }) => {
    await sql.query(
      `UPDATE application_deadline SET status = $3 WHERE application_id = $1 AND stage_id = $2`,
      [applicationId, e.stageId, e.status],
    );
  },

  /**
   * An application that ends early (withdrawn, or rejected after money was set aside for it):
   * what each funder still has committed is released, envelopes get it back, and a grant its
   * round reserved returns to the call's budget, less what was already paid. Reports whether
   * the round should move its reserve list up.
   */
  'application.release': async (e, { sql, ledger, applicationId }) => {
    const balances = (await ledger.balances([applicationId])).get(applicationId) ?? [];
    const open = balances.filter((b) => new Decimal(b.committed).gt(0));
    if (open.length)
      await ledger.post(
        e.key as string,
        'REFUND',
        applicationId,
        `${e.status === 'WITHDRAWN' ? 'Withdrawn' : 'Rejected'}: commitments released`,
        releasePostings(applicationId, open),
      );
    // The programme's envelopes and its agreement component's get back what is still
    // committed, each in its own currency: the programme's, or the funder's (an envelope of a
    // funder that pledges in its own money).
    const component = await componentOf(sql, applicationId);
    const roles = [
      ...new Set([
        ...(e.envelopeRoles as string[]),
        ...(component?.envelopes ?? []).map((c) => c.funder),
      ]),
    ];
    if (roles.length) {
      const remaining = new Map(open.map((b) => [b.partyRole, b]));
      const of = (r: string) => remaining.get(r);
      await sql.query(
        `UPDATE envelope v
            SET committed = v.committed - CASE WHEN v.currency = r.own_currency THEN r.own ELSE r.base END
         FROM application a,
              unnest($2::text[], $3::numeric[], $4::text[], $5::numeric[]) AS r(role, base, own_currency, own)
         WHERE a.id = $1 AND v.year = a.submitted_year AND v.funder_role = r.role
           AND (v.programme_id = a.programme_id OR (v.agreement_id = $6 AND v.component = $7))`,
        [
          applicationId,
          roles,
          roles.map((r) => of(r)?.committed ?? '0'),
          roles.map((r) => of(r)?.own.currency ?? ''),
          roles.map((r) => of(r)?.own.committed ?? '0'),
          component?.agreementId ?? null,
          component?.key ?? null,
        ],
      );
    }
    const round = e.round as { callId: string; envelopeId: string; role: string } | null;
    if (!round) return { notifyRound: false };
    // Under the call's lock: the round's reserve moves serialise with this.
    const [entry] = (await sql.query(
      `SELECT s.status, s.granted::text, c.status AS call_status
       FROM call c JOIN selection_entry s ON s.call_id = c.id
       WHERE c.id = $1 AND s.application_id = $2 FOR UPDATE OF c, s`,
      [round.callId, applicationId],
    )) as { status: string; granted: string | null; call_status: string }[];
    if (!entry) return { notifyRound: false };
    const reserved = entry.call_status === 'RESOLVED' && entry.status === 'FUNDED' && entry.granted;
    if (reserved) {
      const paid = balances.find((b) => b.partyRole === round.role)?.disbursed ?? '0';
      const back = Decimal.max(new Decimal(entry.granted!).minus(paid), 0);
      await sql.query(`UPDATE envelope SET committed = committed - $2 WHERE id = $1`, [
        round.envelopeId,
        back.toString(),
      ]);
    }
    if (e.status !== 'WITHDRAWN') return { notifyRound: false };
    await sql.query(`UPDATE selection_entry SET status = 'WITHDRAWN' WHERE application_id = $1`, [
      applicationId,
    ]);
    return {
      notifyRound: entry.call_status === 'RESOLVED' && ['FUNDED', 'RESERVE'].includes(entry.status),
    };
  },
};
