import { Field, Int, ObjectType } from '@nestjs/graphql';
import { Money } from '../applications/application.model';

@ObjectType({
  description:
    "A funder's yearly ceiling across the programme's projects, in the currency it is kept in (the programme's or the funder's own), and what commitments have taken from it",
})
export class Envelope {
  @Field({ description: 'The funding role, e.g. "federal"' }) role!: string;
  @Field(() => Int, { description: 'The year of submission of the projects it funds' })
  year!: number;
  @Field(() => Money) amount!: Money;
  @Field(() => Money, { description: 'Taken by commitments, less what ended projects gave back' })
  committed!: Money;
  @Field(() => Money) available!: Money;
}

/** An envelope row as the loader reads it. */
export interface EnvelopeRow {
  programmeId: string;
  role: string;
  year: number;
  currency: string;
  amount: string;
  committed: string;
}
