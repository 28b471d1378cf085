import { Field, Int, ObjectType, registerEnumType } from '@nestjs/graphql';

export enum ResultsPlace {
  COUNTRY = 'COUNTRY',
  SUBDIVISION = 'SUBDIVISION',
  MUNICIPALITY = 'MUNICIPALITY',
}
registerEnumType(ResultsPlace, {
  name: 'ResultsPlace',
  description: 'The level results are grouped at',
});

@ObjectType({ description: "One indicator's results over a group of projects" })
export class IndicatorResult {
  @Field() indicator!: string;
  @Field() label!: string;
  @Field() unit!: string;
  @Field(() => Int, {
    nullable: true,
    description: 'The year the projects last measured it; null for those not measured yet',
  })
  year!: number | null;
  @Field(() => String, { nullable: true, description: 'The place at the level asked for' })
  jurisdictionCode!: string | null;
  @Field(() => Int) projects!: number;
  @Field(() => Int, { description: 'Projects with at least one measurement' })
  measuredProjects!: number;
  @Field({ description: 'Sum of the baselines' }) baseline!: string;
  @Field({ description: 'Sum of the targets' }) target!: string;
  @Field({ description: 'Sum of the latest actuals of the measured projects' }) actual!: string;
}

@ObjectType({ description: 'Post-handover evaluations over a group of projects' })
export class EvaluationResult {
  @Field(() => Int) year!: number;
  @Field(() => String, { nullable: true }) jurisdictionCode!: string | null;
  @Field(() => Int) evaluated!: number;
  @Field(() => Int) inUse!: number;
  @Field(() => Int) partlyInUse!: number;
  @Field(() => Int) notInUse!: number;
  @Field(() => Int) jobsCreated!: number;
  @Field(() => Int) peopleServed!: number;
}

@ObjectType({ description: "A programme's results: its projects' indicators and evaluations" })
export class ProgrammeResults {
  @Field() programmeKey!: string;
  @Field(() => [IndicatorResult]) indicators!: IndicatorResult[];
  @Field(() => [EvaluationResult]) evaluations!: EvaluationResult[];
}

@ObjectType()
export class RankedPriority {
  @Field({ description: 'A project type, e.g. POTABLE_WATER' }) priority!: string;
  @Field(() => Int) votes!: number;
  @Field(() => Int, { description: 'Equal votes share a rank' }) rank!: number;
}

@ObjectType({ description: "A community consultation's published result (voters are never named)" })
export class ConsultationResult {
  @Field({ description: 'The consultation (its application)' }) applicationId!: string;
  @Field() jurisdictionCode!: string;
  @Field() closedAt!: Date;
  @Field(() => Int, { description: 'How many residents voted' }) voters!: number;
  @Field(() => [RankedPriority]) ranking!: RankedPriority[];
}
