import { Field, ObjectType } from '@nestjs/graphql';
import { ApplicationStatus } from '../applications/application.model';

@ObjectType({
  description: 'A step the workflow accepted, and the state it left the application in',
})
export class StepResult {
  @Field() stageId!: string;
  @Field() accepted!: boolean;
  @Field(() => String, { nullable: true, description: 'e.g. the committee tally, or the decision' })
  outcome!: string | null;
  @Field(() => String, { nullable: true, description: 'The id of a finding just raised' })
  findingId!: string | null;
  @Field(() => ApplicationStatus) status!: ApplicationStatus;
  @Field(() => [String], { description: 'Stages waiting for someone now' }) activeStages!: string[];
  @Field(() => [String], { description: 'Roles whose step the open stages wait for' })
  waitingFor!: string[];
  applicationId!: string;
}
