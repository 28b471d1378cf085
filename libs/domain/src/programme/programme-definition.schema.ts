import { z } from 'zod';
import { GovernmentLevel } from '../jurisdiction/jurisdiction-code';
import { OrganisationKind } from '../organisation/organisation-kind';

/**
 * The programme definition language: what a programme designer writes (YAML or JSON) to
 * describe a programme — who takes part in which role, who may apply for what, how the money
 * is split, and the procedure an application walks through. One generic workflow interprets
 * it; nothing in the engine names a particular programme.
 */

const key = z
  .string()
  .regex(
    /^[a-z0-9][a-z0-9-]{0,62}$/,
    'must be lower-case letters, digits and dashes (e.g. "technical-file")',
  );
const code = z
  .string()
  .regex(/^[A-Z][A-Z0-9_]{0,62}$/, 'must be an upper-case code (e.g. "POTABLE_WATER")');
const decimal = z
  .string()
  .regex(/^\d+(\.\d+)?$/, 'must be a non-negative decimal written as a string (e.g. "250000.00")');
const positiveDecimal = decimal.refine((v) => Number(v) > 0, 'must be positive');
const currency = z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 currency code (e.g. "MXN")');
const roleRef = key;

export const calendarRefSchema = z.strictObject({
  country: z.string().regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 code'),
  subdivision: z
    .string()
    .regex(/^[A-Z]{2}-[A-Z0-9]{1,3}$/, 'must be an ISO 3166-2 code')
    .optional(),
  extraHolidays: z
    .array(z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a YYYY-MM-DD date'))
    .optional(),
});

/**
 * A deadline in working days of a calendar (the programme's unless given), or — for tests and
 * demos, which cannot wait a month — a plain duration in seconds.
 */
export const deadlineSchema = z.union([
  z.strictObject({
    workingDays: z.number().int().positive(),
    calendar: calendarRefSchema.optional(),
  }),
  z.strictObject({ seconds: z.number().int().positive() }),
]);

/** What happens when a deadline passes with no decision. */
export const onExpirySchema = z.union([
  z.strictObject({ outcome: z.enum(['APPROVE', 'REJECT']) }),
  z.strictObject({ escalateTo: roleRef }),
]);

export const partySchema = z.strictObject({
  role: roleRef,
  label: z.string().min(1),
  organisationKinds: z.array(z.enum(OrganisationKind)).min(1),
  governmentLevel: z.enum(GovernmentLevel).optional(),
  /** Countries the organisation playing this role must reside in; any when absent. */
  countries: z.array(z.string().regex(/^[A-Z]{2}$/)).optional(),
  /** May an application leave this role unassigned? */
  optional: z.boolean().optional(),
});

const shareSchema = z.strictObject({
  role: roleRef,
  weight: positiveDecimal,
  ceiling: positiveDecimal.optional(),
  currency: currency.optional(),
});

export const fundingSchema = z.strictObject({
  shares: z.array(shareSchema).min(1),
  minimumPooled: z.strictObject({ role: roleRef, amount: positiveDecimal, currency }).optional(),
  backstop: z
    .strictObject({
      role: roleRef,
      covers: z.array(roleRef).min(1),
      limit: positiveDecimal.optional(),
    })
    .optional(),
  /** A funder's yearly ceiling across all projects of the programme (a ledger envelope). */
  envelopes: z.array(z.strictObject({ role: roleRef, yearlyAmount: positiveDecimal })).optional(),
});

const stageBase = {
  id: key,
  name: z.string().min(1),
};

const checkStage = z.strictObject({
  ...stageBase,
  kind: z.literal('CHECK'),
  /** Automatic: eligibility and funding rules are evaluated at submission and again here. */
});

const documentStage = z.strictObject({
  ...stageBase,
  kind: z.literal('DOCUMENT'),
  documents: z.array(code).min(1),
  submittedBy: z.array(roleRef).min(1),
  deadline: deadlineSchema.optional(),
  onExpiry: onExpirySchema.optional(),
});

const committeeStage = z.strictObject({
  ...stageBase,
  kind: z.literal('COMMITTEE'),
  members: z.array(z.strictObject({ role: roleRef, seats: z.number().int().positive() })).min(1),
  chair: roleRef,
  /** Votes needed for the committee to decide at all (recused members do not count towards it). */
  quorum: z.number().int().positive(),
  majority: z.enum(['SIMPLE', 'TWO_THIRDS', 'UNANIMITY']),
  /** On a tie, the chair's vote decides. */
  chairHasCastingVote: z.boolean().default(false),
  /** The approving decision must set each funder's disbursement timeline (as a validation committee may). */
  setsDisbursementTimeline: z.boolean().default(false),
  deadline: deadlineSchema.optional(),
  onExpiry: onExpirySchema.optional(),
});

const reviewStage = z.strictObject({
  ...stageBase,
  kind: z.literal('REVIEW'),
  reviewer: roleRef,
  deadline: deadlineSchema.optional(),
  onExpiry: onExpirySchema.optional(),
});

const commitmentStage = z.strictObject({
  ...stageBase,
  kind: z.literal('COMMITMENT'),
  /** Commits every funder's share in the ledger, against the envelopes; refused if one would overflow. */
});

const trancheSchema = z.strictObject({
  id: key,
  /** Share of each funder's commitment released by this tranche. */
  percent: positiveDecimal,
  /** Released once this monitoring report has been accepted (none: on entering the stage). */
  afterReport: code.optional(),
});

const disbursementStage = z.strictObject({
  ...stageBase,
  kind: z.literal('DISBURSEMENT'),
  tranches: z.array(trancheSchema).min(1),
});

const monitoringStage = z.strictObject({
  ...stageBase,
  kind: z.literal('MONITORING'),
  /** The supervising body (e.g. the works committee). */
  supervisor: roleRef,
  /** Reports it must file and accept, in order. */
  reports: z.array(code).min(1),
  /** Unresolved findings hold back every later tranche. */
  findingsBlockDisbursement: z.boolean().default(true),
});

const handoverStage = z.strictObject({
  ...stageBase,
  kind: z.literal('HANDOVER'),
  /** Who certifies the handover (e.g. the executor hands the work to the community). */
  certifiedBy: roleRef,
  /** Each party's commitment to maintain, conserve, monitor and operate the work. */
  commitments: z.array(z.strictObject({ role: roleRef, text: z.string().min(1) })).min(1),
  /** Plaque template: {{project}}, {{applicant}}, {{parties}}, {{amounts}}, {{year}}. */
  plaque: z.string().min(1),
});

export type StageDefinition =
  | z.infer<typeof checkStage>
  | z.infer<typeof documentStage>
  | z.infer<typeof committeeStage>
  | z.infer<typeof reviewStage>
  | z.infer<typeof commitmentStage>
  | z.infer<typeof disbursementStage>
  | z.infer<typeof monitoringStage>
  | z.infer<typeof handoverStage>
  | { id: string; name: string; kind: 'PARALLEL'; branches: StageDefinition[][] };

/** Stages in sequence; PARALLEL runs branches of stages side by side (disbursement beside monitoring). */
export const stageSchema: z.ZodType<StageDefinition> = z.lazy(() =>
  z.discriminatedUnion('kind', [
    checkStage,
    documentStage,
    committeeStage,
    reviewStage,
    commitmentStage,
    disbursementStage,
    monitoringStage,
    handoverStage,
    z.strictObject({
      ...stageBase,
      kind: z.literal('PARALLEL'),
      branches: z.array(z.array(stageSchema).min(1)).min(2),
    }),
  ]),
) as z.ZodType<StageDefinition>;

export const programmeDefinitionSchema = z.strictObject({
  /** Stable across versions: lower-case words joined by dashes. */
  key,
  name: z.string().min(1),
  /** The rules this version encodes, e.g. "Reglas de operación 2006". */
  rulesLabel: z.string().min(1),
  description: z.string().optional(),
  /** Currency projects are budgeted in. */
  currency,
  /** Working-day calendar and time zone for deadlines that name none. */
  calendar: calendarRefSchema,
  timeZone: z.string().min(1),
  parties: z.array(partySchema).min(1),
  eligibility: z.strictObject({
    applicantRoles: z.array(roleRef).min(1),
    /** Countries where projects may be located. */
    projectCountries: z.array(z.string().regex(/^[A-Z]{2}$/)).min(1),
    sectors: z.array(code).min(1),
    requiredDocuments: z.array(code).default([]),
    minimumTotal: positiveDecimal.optional(),
    maximumTotal: positiveDecimal.optional(),
  }),
  funding: fundingSchema,
  procedure: z.strictObject({ stages: z.array(stageSchema).min(1) }),
});

export type ProgrammeDefinition = z.infer<typeof programmeDefinitionSchema>;
export type PartyDefinition = z.infer<typeof partySchema>;
export type FundingDefinition = z.infer<typeof fundingSchema>;
export type DeadlineDefinition = z.infer<typeof deadlineSchema>;
export type OnExpiryDefinition = z.infer<typeof onExpirySchema>;
