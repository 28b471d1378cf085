import { Field, Int, ObjectType } from '@nestjs/graphql';
import GraphQLJSON from 'graphql-type-json';

@ObjectType({ description: 'A state (or body) party to an agreement' })
export class AgreementParty {
  @Field() role!: string;
  @Field() label!: string;
  @Field({ description: 'ISO 3166-1' }) country!: string;
  @Field({ description: 'A seat for the diaspora' }) diaspora!: boolean;
  organisationId!: string;
}

@ObjectType({
  description:
    'A component of an agreement (local development, migrants’ investments, mobility, education), with its programmes and its funders’ yearly envelopes',
})
export class AgreementComponentModel {
  @Field() key!: string;
  @Field() name!: string;
  @Field({ description: 'LOCAL_DEVELOPMENT, MIGRANT_INVESTMENT, MOBILITY or EDUCATION' })
  kind!: string;
  @Field(() => [String], { description: 'Keys of the programmes that run under it' })
  programmes!: string[];
  @Field(() => GraphQLJSON, { description: 'Each funder’s yearly amount and currency' })
  yearlyEnvelopes!: unknown;
  agreementId!: string;
}

@ObjectType({
  description:
    'A co-development agreement between states: its parties, joint steering committee and components',
})
export class Agreement {
  id!: string;
  @Field() key!: string;
  @Field() name!: string;
  @Field(() => Int, { nullable: true }) signedIn!: number | null;
  @Field(() => String, { nullable: true }) description!: string | null;
  @Field(() => [AgreementParty]) parties!: AgreementParty[];
  @Field(() => GraphQLJSON, { description: 'Seats, chair, co-chair and quorum' })
  steeringCommittee!: unknown;
  @Field(() => [AgreementComponentModel]) components!: AgreementComponentModel[];
}
