import { Field, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
import GraphQLJSON from 'graphql-type-json';

export enum CallStatus {
  SCHEDULED = 'SCHEDULED',
  OPEN = 'OPEN',
  CLOSED = 'CLOSED',
}
registerEnumType(CallStatus, { name: 'CallStatus' });

@ObjectType({ description: 'National guidelines that adhering calls must not contradict' })
export class Directive {
  @Field(() => ID) id!: string;
  @Field() key!: string;
  @Field(() => GraphQLJSON) definition!: unknown;
}

@ObjectType({
  description: 'A call for proposals issued by a government body, with its window and budget',
})
export class Call {
  @Field(() => ID) id!: string;
  @Field() key!: string;
  @Field() name!: string;
  @Field(() => CallStatus) status!: CallStatus;
  @Field() opensAt!: Date;
  @Field() closesAt!: Date;
  @Field() budget!: string;
  @Field() currency!: string;
  @Field(() => GraphQLJSON, { description: 'The published call: criteria, eligibility, rules' })
  definition!: unknown;
  issuerId!: string;
}

@ObjectType()
export class CallApplication {
  @Field(() => ID) id!: string;
  @Field() title!: string;
  @Field() sector!: string;
  @Field() countryOfOrigin!: string;
  @Field() objective!: string;
  @Field() totalAmount!: string;
  @Field() requestedAmount!: string;
  @Field() currency!: string;
  @Field() status!: string;
  @Field({ description: "The database's clock when it was accepted" }) submittedAt!: Date;
  applicantId!: string;
}
