import { z } from 'zod';
import { GovernmentLevel } from '@codev/domain/jurisdiction/jurisdiction-code';
import { OrganisationKind } from '@codev/domain/organisation/organisation-kind';
import { COST_UNITS } from '@codev/domain/funding/cost-items';
import { type LeafStageDefinition, stageKinds } from '../stages/registry';
import {
  calendarRefSchema,
  code,
  countryCode,
  decimal,
  sectorCode,
  currency,
  indicatorConditionFields,
  indicatorCondition,
  key,
  positiveAmount,
  positiveDecimal,
  roleRef,
  stageBase,
} from './schema-atoms';

/**
 * The programme definition language: what a programme designer writes (YAML or JSON) to
 * describe a programme — who takes part in which role, who may apply for what, how the money
 * is split, and the procedure an application walks through. One generic workflow interprets
 * it; nothing in the engine names a particular programme. The stages' own schemas live with
 * their kinds (stages/<kind>/).
 */

export const partySchema = z.strictObject({
  role: roleRef,
  label: z.string().min(1),
  organisationKinds: z.array(z.enum(OrganisationKind)).min(1),
  governmentLevel: z.enum(GovernmentLevel).optional(),
  countries: z
    .array(countryCode)
    .optional()
    .describe('Countries the organisation playing this role must reside in; any when absent.'),
  optional: z.boolean().optional().describe('May an application leave this role unassigned?'),
});

/** A bare decimal is in the programme's currency; `{ amount, currency }` in the one it names. */
const ruleAmount = z.union([positiveAmount, z.strictObject({ amount: positiveAmount, currency })]);

const shareSchema = z.strictObject({
  role: roleRef,
  weight: positiveDecimal,
  ceiling: ruleAmount
    .optional()
    .describe(
      'The most this role funds per project, e.g. "800000.00" or { amount: "300000", currency: MAD }.',
    ),
  currency: currency
    .optional()
    .describe("The currency this role pledges and pays in, when not the programme's."),
  instrument: z
    .enum(['GRANT', 'LOAN'])
    .optional()
    .describe(
      'GRANT (the default): given to the project. LOAN: lent to the applicant by a partner institution and repaid (a LOAN stage names it as lender; tranches do not pay it).',
    ),
  weightWhere: z
    .array(
      z
        .strictObject({ ...indicatorConditionFields, weight: positiveDecimal })
        .refine((c) => c.atLeast !== undefined || c.atMost !== undefined, {
          message: 'needs atLeast, atMost or both',
        }),
    )
    .min(1)
    .optional()
    .describe(
      "Targeting: this role's weight where the project's place meets a condition on an indicator (the first met counts), e.g. a larger federal share in highly marginalised municipalities.",
    ),
});

/** An indicator a project of a type reports on; a submission may state its own baseline and target. */
const projectIndicatorSchema = z.strictObject({
  code: key,
  label: z.string().min(1),
  unit: z.string().min(1).describe('e.g. households, km, jobs'),
  baseline: decimal
    .optional()
    .describe('The value before the project, when the application does not say'),
  target: decimal
    .optional()
    .describe('The value the project aims at, when the application does not say'),
});

/** What the programme says of each project type: its OECD DAC purpose and its indicators. */
const projectTypeSchema = z.strictObject({
  dacPurpose: z
    .string()
    .regex(/^\d{5}$/, 'must be an OECD DAC 5-digit purpose code (e.g. "14031")')
    .optional()
    .describe(
      "The OECD DAC 5-digit purpose code reports and IATI give this type in this programme (else the shared list's)",
    ),
  indicators: z.array(projectIndicatorSchema).default([]),
});

export const fundingSchema = z.strictObject({
  shares: z.array(shareSchema).min(1),
  minimumPooled: z.strictObject({ role: roleRef, amount: positiveAmount, currency }).optional(),
  backstop: z
    .strictObject({
      role: roleRef,
      covers: z.array(roleRef).min(1),
      limit: ruleAmount.optional(),
    })
    .optional(),
  /**
   * A funder's yearly ceiling across all projects of the programme (a ledger envelope), in the
   * programme's currency or in the one its role pledges in.
   */
  envelopes: z
    .array(
      z.strictObject({
        role: roleRef,
        yearlyAmount: positiveAmount,
        currency: currency.optional(),
      }),
    )
    .optional(),
});

export type StageDefinition =
  | LeafStageDefinition
  | { id: string; name: string; kind: 'PARALLEL'; branches: StageDefinition[][] };

/** Stages in sequence; PARALLEL runs branches of stages side by side (disbursement beside monitoring). */
export const stageSchema: z.ZodType<StageDefinition> = z.lazy(() =>
  z.discriminatedUnion('kind', [
    ...(stageKinds.map((k) => k.schema) as unknown as [z.ZodObject, ...z.ZodObject[]]),
    z.strictObject({
      ...stageBase,
      kind: z.literal('PARALLEL'),
      branches: z.array(z.array(stageSchema).min(1)).min(2),
    }),
  ]),
) as z.ZodType<StageDefinition>;

export const programmeDefinitionSchema = z.strictObject({
  key: key.describe('Stable across versions: lower-case words and digits joined by dashes'),
  name: z.string().min(1).describe('The programme’s name, as its notices and messages say it'),
  rulesLabel: z
    .string()
    .min(1)
    .describe('The rules this version encodes, e.g. "Reglas de operación 2006"'),
  description: z.string().optional(),
  currency: currency.describe('ISO 4217 code projects are budgeted in, e.g. MXN'),
  calendar: calendarRefSchema.describe(
    'Working-day calendar for deadlines whose acting party has no place of its own',
  ),
  timeZone: z.string().min(1).describe('IANA time zone of that calendar, e.g. America/Mexico_City'),
  parties: z
    .array(partySchema)
    .min(1)
    .describe('The roles organisations play in an application: applicant, funders, reviewers…'),
  eligibility: z.strictObject({
    applicantRoles: z.array(roleRef).min(1),
    projectCountries: z
      .array(countryCode)
      .min(1)
      .describe('Countries where projects may be located.'),
    sectors: z.array(sectorCode).min(1),
    requiredDocuments: z.array(code).default([]),
    minimumTotal: positiveAmount.optional(),
    maximumTotal: positiveAmount.optional(),
    indicators: z
      .array(indicatorCondition)
      .optional()
      .describe('Targeting: only projects whose place meets every condition on its indicators'),
    communityPriorities: z
      .strictObject({ top: z.number().int().positive().max(20) })
      .optional()
      .describe(
        'Only projects whose type holds one of the first `top` ranks in the latest community consultation (a CONSULTATION stage) of their place or municipality',
      ),
  }),
  projectTypes: z
    .record(sectorCode, projectTypeSchema)
    .optional()
    .describe(
      'Per project type (sector): its DAC purpose code and the indicators its projects report',
    ),
  funding: fundingSchema.describe(
    'How the money is split: each funder role’s weight, ceilings, currencies, envelopes',
  ),
  /**
   * The kinds of cost the programme funds (expert missions in days at a capped daily rate,
   * travel by the trip…). When given, every application itemises its budget with them and its
   * total is their sum.
   */
  costItems: z
    .array(
      z.strictObject({
        code,
        label: z.string().min(1),
        unit: z.enum(COST_UNITS),
        maxUnitCost: positiveAmount
          .optional()
          .describe("The ceiling on one unit's cost, in the programme's currency."),
      }),
    )
    .min(1)
    .optional(),
  agreement: z
    .strictObject({ key, component: key })
    .optional()
    .describe(
      "The agreement component this programme runs under (agreements/): its commitments draw on the component's yearly envelopes, and each envelope's funder must have a share here.",
    ),
  /**
   * A reminder before every stage deadline counted in the same unit: `{ workingDays: 2 }` (in
   * the deadline's own calendar) or, for tests and demos, `{ seconds: 5 }`. Subscribers hear
   * it as DEADLINE_NEAR, and the deadline passing as DEADLINE_EXPIRED.
   */
  reminders: z
    .strictObject({
      before: z.union([
        z.strictObject({ workingDays: z.number().int().positive() }),
        z.strictObject({ seconds: z.number().int().positive() }),
      ]),
    })
    .optional(),
  procedure: z
    .strictObject({ stages: z.array(stageSchema).min(1) })
    .describe('The stages an application walks through, in order (PARALLEL: side by side)'),
});

export type ProgrammeDefinition = z.infer<typeof programmeDefinitionSchema>;
export type PartyDefinition = z.infer<typeof partySchema>;
export type FundingDefinition = z.infer<typeof fundingSchema>;
export type { DeadlineDefinition, OnExpiryDefinition } from './schema-atoms';
