import { Field, Int, ObjectType } from '@nestjs/graphql';
import { Money } from '../applications/application.model';

@ObjectType({
  description: 'The deposits of one calendar year and what of them counts for tax relief',
})
export class SavingsYearModel {
  @Field(() => Int) year!: number;
  @Field(() => Money) deposited!: Money;
  @Field(() => Money, { description: "At most the programme's yearly ceiling" })
  taxRelieved!: Money;
  @Field(() => Money, { description: 'Saved beyond the ceiling, without relief' })
  aboveCap!: Money;
}

@ObjectType({ description: 'A deposit, a release into a project or a withdrawal' })
export class SavingsEventModel {
  @Field({ description: 'DEPOSIT, RELEASE or WITHDRAWAL' }) kind!: string;
  @Field({ description: 'The receipt or release reference' }) reference!: string;
  @Field({ description: 'Value date (YYYY-MM-DD)' }) on!: string;
  @Field(() => Money) amount!: Money;
  @Field(() => String, { nullable: true, description: 'For a release: the project it funds' })
  projectApplicationId!: string | null;
  @Field(() => Money, {
    nullable: true,
    description: "For a release: its value in the project's currency at the rate of its day",
  })
  projectAmount!: Money | null;
  @Field(() => Money, {
    nullable: true,
    description: 'For a matched release: the matching funder’s premium, added to the project',
  })
  matched!: Money | null;
}

@ObjectType({
  description:
    'A co-development savings account at a partner institution (a SAVINGS stage); seen by the saver and the institution only',
})
export class SavingsAccountModel {
  @Field() stageId!: string;
  @Field(() => Money) deposited!: Money;
  @Field(() => Money, { description: 'Invested in projects in the country of origin' })
  released!: Money;
  @Field(() => Money) withdrawn!: Money;
  @Field(() => Money) balance!: Money;
  @Field(() => Money, {
    description: 'What matching funders added to the releases (not the saver’s money)',
  })
  matched!: Money;
  @Field(() => Money, { nullable: true, description: 'The yearly ceiling on relieved deposits' })
  yearlyReliefCap!: Money | null;
  @Field(() => [SavingsYearModel]) years!: SavingsYearModel[];
  @Field(() => Money, { description: 'Relief taken back for savings withdrawn, not invested' })
  reliefReclaimed!: Money;
  @Field(() => [SavingsEventModel]) events!: SavingsEventModel[];
}

@ObjectType({
  description: "Savings released into this project, funding its applicant's contribution",
})
export class SavingsReleaseModel {
  @Field({ description: 'Value date (YYYY-MM-DD)' }) on!: string;
  @Field(() => Money, { description: 'In the savings account’s currency' }) amount!: Money;
  @Field(() => Money, { description: "In the project's currency" }) projectAmount!: Money;
  @Field(() => Money, {
    nullable: true,
    description: "A matching funder's premium on it, in the project's currency",
  })
  projectMatched!: Money | null;
}
