import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Money } from '../applications/application.model';
import { WorkPlanVoteValue } from './work-plan.input';

registerEnumType(WorkPlanVoteValue, { name: 'WorkPlanVoteValue' });

@ObjectType()
export class WorkPlanAllocationModel {
  @Field() component!: string;
  @Field() funder!: string;
  @Field(() => Money) amount!: Money;
}

@ObjectType({ description: 'A seat’s vote, published with the decision' })
export class WorkPlanVoteModel {
  @Field() role!: string;
  @Field(() => WorkPlanVoteValue) vote!: WorkPlanVoteValue;
  @Field() reason!: string;
}

@ObjectType({
  description:
    "An agreement's annual work plan: each component's allocations for the year, decided by the joint steering committee; an approved plan sets the year's component envelopes",
})
export class WorkPlanModel {
  @Field(() => ID) id!: string;
  @Field(() => Int) year!: number;
  @Field({ description: 'PROPOSED, APPROVED or REJECTED' }) status!: string;
  @Field(() => [WorkPlanAllocationModel]) allocations!: WorkPlanAllocationModel[];
  @Field(() => String, { nullable: true }) note!: string | null;
  @Field() votesBy!: Date;
  @Field() proposedAt!: Date;
  @Field(() => Date, { nullable: true }) decidedAt!: Date | null;
  @Field(() => String, { nullable: true, description: 'Why the committee decided as it did' })
  reason!: string | null;
  @Field(() => [WorkPlanVoteModel], { description: 'Empty until the plan is decided' })
  votes!: WorkPlanVoteModel[];
}
