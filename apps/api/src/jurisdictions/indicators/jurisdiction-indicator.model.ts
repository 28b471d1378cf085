import { Field, Int, ObjectType } from '@nestjs/graphql';

@ObjectType({
  description:
    'A published figure of a jurisdiction (a marginalisation index, a poverty rate) with its source and year: programmes target and calls score projects by them',
})
export class JurisdictionIndicator {
  @Field({ description: 'e.g. marginalisation-index' }) indicator!: string;
  @Field(() => Int) year!: number;
  @Field({ description: 'A decimal string, possibly negative' }) value!: string;
  @Field({ description: 'Who published it, e.g. "CONAPO, Índice de marginación 2005"' })
  source!: string;
}
