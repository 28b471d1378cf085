import { z } from 'zod';
import { OrganisationKind } from '@codev/domain/organisation/organisation-kind';
import { countryCode, currency, key, positiveAmount, roleRef } from '../definition/schema-atoms';

/**
 * A bilateral (or multilateral) co-development agreement between states, as data: its parties,
 * its joint steering committee and its components, each with the programmes that run under it
 * and the yearly envelopes its funders put in, each in its own currency. Projects still enter
 * through programmes and calls; a programme names the component it belongs to, and its
 * commitments draw on that component's envelopes.
 */

export const COMPONENT_KINDS = [
  'LOCAL_DEVELOPMENT',
  'MIGRANT_INVESTMENT',
  'MOBILITY',
  'EDUCATION',
] as const;

const partySchema = z.strictObject({
  role: roleRef,
  label: z.string().min(1),
  /** The organisation that plays the role, by its registered name. */
  organisation: z.string().min(1),
  country: countryCode,
  kind: z.enum(OrganisationKind).default(OrganisationKind.GOVERNMENT_BODY),
  /** A seat for the diaspora (a migrants' organisation), as the seeds recommend. */
  diaspora: z.boolean().optional(),
});

const componentSchema = z.strictObject({
  key,
  name: z.string().min(1),
  kind: z.enum(COMPONENT_KINDS),
  /** Programmes whose projects this component funds. */
  programmes: z.array(key).default([]),
  /** Each funder's yearly envelope for the component, in the currency it budgets in. */
  envelopes: z
    .array(z.strictObject({ funder: roleRef, currency, yearlyAmount: positiveAmount }))
    .default([]),
});

export const agreementDefinitionSchema = z.strictObject({
  key,
  name: z.string().min(1),
  /** The year the agreement was signed. */
  signedIn: z.number().int().min(1900).max(2100).optional(),
  description: z.string().optional(),
  parties: z.array(partySchema).min(2),
  steeringCommittee: z.strictObject({
    members: z
      .array(z.strictObject({ role: roleRef, seats: z.number().int().min(1).max(20) }))
      .min(2),
    chair: roleRef,
    coChair: roleRef.optional(),
    quorum: z.number().int().min(1),
  }),
  components: z.array(componentSchema).min(1),
});

export type AgreementDefinition = z.infer<typeof agreementDefinitionSchema>;
export type AgreementComponent = AgreementDefinition['components'][number];
