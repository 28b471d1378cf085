import { z } from 'zod';
import { positiveAmount } from '../definition/schema-atoms';
import { OrganisationKind } from '@codev/domain/organisation/organisation-kind';
import {
  countryCode,
  deadlineSchema,
  sectorCode,
  signedDecimal,
  key as keyAtom,
} from '../definition/schema-atoms';

/**
 * Competitive calls for proposals (concurrencia competitiva) and the national directives
 * they may adhere to, as data. A call is issued by a government body under a programme; a
 * directive says what calls adhering to it must not pursue and which priorities are national.
 */

const key = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'must be lower-case letters, digits and dashes');
const code = z
  .string()
  .regex(/^[A-Z][A-Z0-9_]{0,62}$/, 'must be an upper-case code (e.g. "GOVERNANCE")');
const positiveDecimal = z
  .string()
  .regex(/^\d+(\.\d+)?$/, 'must be a non-negative decimal written as a string')
  .refine((v) => Number(v) > 0, 'must be positive');
const share = z
  .string()
  .regex(
    /^(0(\.\d+)?|1(\.0+)?)$/,
    'must be a fraction between 0 and 1 written as a string (e.g. "0.2")',
  );
const localDateTime = z
  .string()
  .regex(
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/,
    'must be a local date-time without offset (e.g. "2008-03-31T14:00"); the issuer\'s time zone applies',
  );

/**
 * A criterion marked from data rather than by evaluators, once, when the call ranks: from an
 * indicator of the project's place (maxScore at `high`, 0 at `low`, linear between), or from
 * the latest community consultation of its municipality (`points[i]` when the project's type
 * is its (i+1)-th priority).
 */
const criterionFrom = z.union([
  z
    .strictObject({ indicator: keyAtom, low: signedDecimal, high: signedDecimal })
    .refine((r) => Number(r.low) !== Number(r.high), { message: 'low and high must differ' }),
  z.strictObject({
    consultation: z.strictObject({ points: z.array(positiveDecimal).min(1).max(10) }),
  }),
]);
export type CriterionFrom = z.infer<typeof criterionFrom>;

export const directiveDefinitionSchema = z.strictObject({
  key,
  name: z.string().min(1),
  /** ISO 3166-1 country whose central government issues it. */
  country: countryCode,
  validFrom: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  validTo: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  /** Objectives no adhering call may pursue (e.g. immigration control, return migration). */
  excludedObjectives: z.array(code).default([]),
  nationalPriorities: z.array(code).min(1),
});

export const callDefinitionSchema = z.strictObject({
  key,
  name: z.string().min(1),
  /** The programme whose procedure funded projects follow after the resolution. */
  programmeKey: key,
  year: z.number().int().min(1900).max(3000),
  currency: z.string().regex(/^[A-Z]{3}$/),
  budget: positiveAmount,
  maximumPerProject: positiveAmount,
  /** Part of each project's cost the applicant must fund itself. */
  minimumApplicantCofunding: share.optional(),
  window: z.strictObject({
    opens: localDateTime,
    closes: localDateTime,
    timeZone: z.string().min(1),
  }),
  eligibleApplicantKinds: z.array(z.enum(OrganisationKind)).min(1),
  /**
   * Where the applicant must be registered: in the issuer's municipality or region, checked
   * against the jurisdiction the applicant is based in.
   */
  registrationRequirements: z
    .array(z.enum(['REGISTERED_IN_MUNICIPALITY', 'REGISTERED_IN_REGION']))
    .default([]),
  eligibleCountriesOfOrigin: z.array(countryCode).min(1),
  sectors: z.array(sectorCode).min(1),
  objectives: z.array(code).min(1),
  priorities: z.array(code).default([]),
  criteria: z
    .array(
      z.strictObject({
        id: key,
        label: z.string().min(1),
        weight: positiveDecimal,
        maxScore: positiveDecimal,
        from: criterionFrom
          .optional()
          .describe(
            'Marked from data (an indicator of the place, a consultation), not by evaluators',
          ),
      }),
    )
    .min(1),
  aggregation: z.enum(['WEIGHTED', 'MEAN']).default('WEIGHTED'),
  minimumEvaluators: z.number().int().positive().default(2),
  /** Applications scoring below this (0–100) are not funded, whatever the budget. */
  minimumScore: z
    .string()
    .regex(/^\d+(\.\d+)?$/)
    .optional(),
  tieBreaks: z
    .array(
      z.union([
        z.strictObject({ by: z.literal('CRITERION'), criterionId: key }),
        z.strictObject({ by: z.literal('EARLIER_SUBMISSION') }),
        z.strictObject({ by: z.literal('LOWER_REQUEST') }),
      ]),
    )
    .default([{ by: 'EARLIER_SUBMISSION' }]),
  lastFit: z.enum(['SKIP_TO_NEXT_THAT_FITS', 'FUND_PARTIALLY', 'STOP']),
  /** Documents every application must carry (registration certificates among them). */
  requiredDocuments: z.array(code).default([]),
  /** Time to fix defects found in the completeness check: working days of the issuer's calendar. */
  defectFixPeriod: deadlineSchema.default({ workingDays: 10 }),
  objectionsPeriod: deadlineSchema.default({ workingDays: 10 }),
  /**
   * How long after the final resolution the reserve list may still move up when a funded
   * project withdraws; after it, applications still waiting on the list are told it expired.
   */
  reserveListValidity: deadlineSchema.default({ workingDays: 120 }),
  /**
   * The roles of the programme that a funded project's parties play: the applicant, the
   * issuing body, and the implementing NGO in the country of origin.
   */
  programmeRoles: z
    .strictObject({ applicant: key, issuer: key, implementer: key.optional() })
    .default({ applicant: 'applicant', issuer: 'issuer', implementer: 'implementing-ngo' }),
  /**
   * Where an application's grant comes from. REQUEST: the applicant asks for an amount and
   * funds the rest of the cost (a Spanish call). PROGRAMME_FORMULA: the programme's own
   * funding formula splits the cost among every party the applicant names, and the round
   * ranks and allocates the issuer's share (a state running a competitive round of a
   * matching programme).
   */
  fundingFrom: z.enum(['REQUEST', 'PROGRAMME_FORMULA']).default('REQUEST'),
  /** Directives the issuer adopted; an issuer that goes alone adheres to none. */
  adheresTo: z.array(key).default([]),
});

export type DirectiveDefinition = z.infer<typeof directiveDefinitionSchema>;
export type CallDefinition = z.infer<typeof callDefinitionSchema>;
