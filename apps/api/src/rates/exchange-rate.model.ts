import { Field, ObjectType } from '@nestjs/graphql';

@ObjectType({
  description: 'Units of `to` per one unit of `from`, valid from a date, with its source',
})
export class ExchangeRate {
  @Field({ description: 'ISO 4217' }) from!: string;
  @Field({ description: 'ISO 4217' }) to!: string;
  @Field() rate!: string;
  @Field({ description: 'YYYY-MM-DD: the rate holds from this day until a later one is recorded' })
  validOn!: string;
  @Field({ description: 'Where it comes from, e.g. "Banco de México, FIX"' }) source!: string;
}
