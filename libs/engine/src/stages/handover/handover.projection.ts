import Decimal from 'decimal.js';
import type { FundingSplit } from '@codev/domain/funding/funding-formula';
import { minorUnitDigits } from '@codev/domain/funding/money';
import type { Actor } from '../stage-kind';
import type { Projection } from '../projection';
import { renderPlaque } from './plaque';

/** The certificate of each party's commitments and the plaque text, with the parties' names. */
export const handoverProjection: Projection = {
  'handover.certify': async (e, { sql, applicationId }) => {
    const parties = e.parties as Record<string, string>;
    const funding = e.funding as FundingSplit;
    const actor = e.actor as Actor;
    const rows = (await sql.query(
      `SELECT o.id, o.name, a.title FROM organisation o, application a WHERE o.id = ANY($1::uuid[]) AND a.id = $2`,
      [Object.values(parties), applicationId],
    )) as { id: string; name: string; title: string }[];
    const names = new Map(rows.map((o) => [o.id, o.name]));
    const nameOf = (role: string) => names.get(parties[role] ?? '') ?? role;
    // Each funder's amount in the currency it pays in: a pledge's own, else the programme's.
    const amountOf = (role: string) => {
      const lines = funding.lines.filter((l) => l.role === role);
      const own = lines.every((l) => l.pledged) ? lines[0]?.pledged?.currency : undefined;
      const amount = lines.reduce(
        (s, l) => s.plus(own ? l.pledged!.amount : l.amount),
        new Decimal(0),
      );
      const currency = own ?? funding.currency;
      return { amount: amount.toFixed(minorUnitDigits(currency)), currency };
    };
    const applicantRole = e.applicantRole as string;
    const funders = e.funders as string[];
    const amounts = funders.map((r) => ({ role: r, party: nameOf(r), ...amountOf(r) }));
    const certificate = {
      issuedAt: new Date().toISOString(),
      certifiedBy: {
        role: e.certifiedBy,
        organisation: nameOf(e.certifiedBy as string),
        subject: actor.subject,
      },
      remarks: e.remarks,
      commitments: (e.commitments as { role: string; text: string }[]).map((c) => ({
        role: c.role,
        organisation: nameOf(c.role),
        commitment: c.text,
      })),
      // What each funder put in, in the currency it paid in.
      contributions: amounts.map(({ role, party, amount, currency }) => ({
        role,
        organisation: party,
        amount,
        currency,
      })),
    };
    const plaque = renderPlaque(e.plaque as string, {
      project: rows[0]?.title ?? '',
      applicant: nameOf(applicantRole),
      parties: funders.filter((r) => r !== applicantRole).map(nameOf),
      amounts: amounts.map(({ party, amount, currency }) => ({ party, amount, currency })),
      year: e.year as number,
    });
    await sql.query(
      `UPDATE application SET certificate = $2, plaque_text = $3 WHERE id = $1 AND certificate IS NULL`,
      [applicationId, certificate, plaque],
    );
  },
};
