import { Field, Int, ObjectType } from '@nestjs/graphql';
import GraphQLJSON from 'graphql-type-json';
import type { LoanEvent, LoanSchedule } from '@codev/domain';
import { Money } from '../applications/application.model';

@ObjectType({ description: 'One instalment of a loan as scheduled' })
export class LoanInstalment {
  @Field(() => Int) number!: number;
  @Field({ description: "Due date (YYYY-MM-DD), moved to a working day of the borrower's place" })
  dueOn!: string;
  @Field(() => Money) principal!: Money;
  @Field(() => Money) interest!: Money;
  @Field(() => Money) total!: Money;
}

@ObjectType({ description: 'An instalment as of a day: what was due and what was paid' })
export class InstalmentPosition {
  @Field(() => Int) number!: number;
  @Field() dueOn!: string;
  @Field(() => Money) principalDue!: Money;
  @Field(() => Money) interestDue!: Money;
  @Field(() => Money) principalPaid!: Money;
  @Field(() => Money) interestPaid!: Money;
  @Field({ description: 'PAID, PARTLY_PAID, DUE, OVERDUE, FUTURE or WAIVED' }) status!: string;
  @Field(() => Int, { description: 'Days it was (or is) paid after its due date' })
  daysLate!: number;
}

@ObjectType({ description: 'A loan as of a day, from its schedule and the receipts recorded' })
export class LoanPositionModel {
  @Field() asOf!: string;
  @Field({ description: 'CURRENT, IN_ARREARS, REPAID or WRITTEN_OFF' }) status!: string;
  @Field(() => Money) principalRepaid!: Money;
  @Field(() => Money) principalOutstanding!: Money;
  @Field(() => Money) principalWrittenOff!: Money;
  @Field(() => Money) interestPaid!: Money;
  @Field(() => Money, { description: 'Principal and interest due before the day and unpaid' })
  arrears!: Money;
  @Field(() => Int, { description: 'Days since the oldest unpaid due date; 0 when none' })
  daysPastDue!: number;
  @Field({ description: 'CURRENT, 1-30, 31-60, 61-90 or OVER_90' }) ageing!: string;
  @Field(() => Money, { description: 'Received beyond everything owed (to refund)' })
  overpaid!: Money;
  @Field(() => Money, {
    description: 'What the guarantee fund owes the lender: its share of what was written off',
  })
  guaranteeCalled!: Money;
  @Field(() => Money, {
    description:
      'What repays the loan in full that day: all that is due, the next instalment and the principal after it',
  })
  payoff!: Money;
  @Field(() => [InstalmentPosition]) instalments!: InstalmentPosition[];
}

@ObjectType({
  description: 'A micro-loan a partner institution made to the applicant under a LOAN stage',
})
export class Loan {
  @Field() stageId!: string;
  @Field({ description: 'The funding role of the lender' }) lenderRole!: string;
  @Field(() => Money) principal!: Money;
  @Field(() => Money, { description: 'The one-off fee due at disbursement' }) fee!: Money;
  @Field(() => Money) totalInterest!: Money;
  @Field(() => GraphQLJSON, { description: 'Rate, method, frequency, instalments, grace' })
  terms!: unknown;
  @Field() disbursedOn!: string;
  @Field(() => [LoanInstalment]) schedule!: LoanInstalment[];
  @Field(() => String, {
    nullable: true,
    description: 'The guarantee fund covering it, e.g. "fund 50%"',
  })
  guaranteedBy!: string | null;
  /** For the position field. */
  scheduleData!: LoanSchedule;
  guarantee!: { guarantor: string; percent: string } | null;
  events!: LoanEvent[];
}

@ObjectType({
  description:
    'Portfolio at risk: outstanding principal of loans more than `overdueDays` past due, per currency',
})
export class PortfolioAtRiskModel {
  @Field() currency!: string;
  @Field(() => Int) loans!: number;
  @Field(() => Money) outstanding!: Money;
  @Field(() => Money) atRisk!: Money;
  @Field(() => Int) loansAtRisk!: number;
  @Field({ description: 'atRisk / outstanding in percent, e.g. "12.50"' }) percent!: string;
}
