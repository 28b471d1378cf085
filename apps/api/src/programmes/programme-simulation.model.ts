import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { FundingLine } from '../applications/application.model';
import { DefinitionWarning } from './programme.model';

@ObjectType({ description: 'A stage of the dry run, as it would open now' })
export class SimulatedStage {
  @Field() id!: string;
  @Field() name!: string;
  @Field() kind!: string;
  @Field(() => String, { nullable: true, description: 'The PARALLEL stage it runs in' })
  within!: string | null;
  @Field(() => [String], { description: 'The roles whose step it waits for once open' })
  actingRoles!: string[];
  @Field(() => Date, { nullable: true, description: 'Were it to open now, its deadline' })
  dueAt!: Date | null;
  @Field(() => String, {
    nullable: true,
    description: 'That instant on the clock of the time zone that counts it',
  })
  localDueAt!: string | null;
  @Field(() => String, { nullable: true }) timeZone!: string | null;
  @Field(() => String, {
    nullable: true,
    description: 'Whose working days count it (a country or region code; seconds in tests)',
  })
  calendar!: string | null;
}

@ObjectType()
export class SimulatedParty {
  @Field() role!: string;
  @Field(() => ID) organisationId!: string;
}

@ObjectType({
  description:
    'A sample application run through a draft in memory: its funders’ shares, its parties and its stages, with nothing written',
})
export class ProgrammeSimulation {
  @Field() programmeKey!: string;
  @Field(() => Int, { description: 'The draft’s version number' }) version!: number;
  @Field() currency!: string;
  @Field() totalAmount!: string;
  @Field(() => [FundingLine]) fundingSplit!: FundingLine[];
  @Field(() => [SimulatedParty]) parties!: SimulatedParty[];
  @Field(() => [SimulatedStage]) stages!: SimulatedStage[];
  @Field(() => [DefinitionWarning]) warnings!: DefinitionWarning[];
}
