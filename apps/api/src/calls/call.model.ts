import { Field, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
import GraphQLJSON from 'graphql-type-json';
import { CALL_STATUSES, type CallStatus as EngineCallStatus } from '@codev/engine';

/** The engine's one list of a call's phases, as a GraphQL enum. */
export const CallStatus = Object.fromEntries(CALL_STATUSES.map((s) => [s, s])) as {
  [S in EngineCallStatus]: S;
};
export type CallStatus = EngineCallStatus;
registerEnumType(CallStatus, {
  name: 'CallStatus',
  description:
    'CLOSED: closed to submissions, defective applications being fixed; PROVISIONAL: provisional resolution published, objections until phaseDeadline; RESOLVED: final, the reserve list moves up on withdrawals until phaseDeadline',
});

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
  @Field(() => Date, {
    nullable: true,
    description:
      'End of the current phase: the defect-fix or objections period, or the validity of the reserve list',
  })
  phaseDeadline!: Date | null;
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
  @Field({
    description:
      'SUBMITTED, COMPLETE, DEFECTIVE, SET_ASIDE, FUNDED, RESERVE, EXCLUDED or WITHDRAWN',
  })
  status!: string;
  @Field(() => [String], { description: 'What the completeness check found missing' })
  defects!: string[];
  /** Read through CallApplicationResolver: sealed until the ranking is published. */
  totalScore!: string | null;
  scoreByCriterion!: unknown;
  rank!: number | null;
  @Field(() => String, { nullable: true }) granted!: string | null;
  @Field() partialGrant!: boolean;
  @Field({ description: "The database's clock when it was accepted" }) submittedAt!: Date;
  applicantId!: string;
  /** Its call's phase and issuer: who may see its scores depends on them. */
  call!: { status: CallStatus; issuerId: string };
  @Field(() => ID, {
    nullable: true,
    description: "The project it became once funded: an application of the call's programme",
  })
  projectApplicationId!: string | null;
}

@ObjectType({
  description:
    "One evaluator's score on one criterion, with its reason; evaluators appear by the order they scored in",
})
export class CriterionAssessment {
  @Field({ description: 'evaluator 1, evaluator 2…' }) evaluator!: string;
  @Field() criterionId!: string;
  @Field() score!: string;
  @Field() reason!: string;
}

@ObjectType({ description: 'Who must act on a call now, on what, and by when' })
export class CallNextAction {
  @Field({ description: 'ISSUER, APPLICANTS (anyone eligible) or APPLICANT (those named)' })
  party!: string;
  @Field(() => [ID]) organisationIds!: string[];
  @Field() what!: string;
  @Field(() => Date, { nullable: true }) dueAt!: Date | null;
}
