import { Module } from '@nestjs/common';
import { StepModule } from '../steps/step.module';
import { LoanReceipts } from './loan-receipts';
import { ApplicationLoanResolver, LoanResolver } from './loan.resolver';
import { LoanService } from './loan.service';

@Module({
  imports: [StepModule],
  providers: [LoanService, LoanResolver, ApplicationLoanResolver, LoanReceipts],
  exports: [LoanService],
})
export class LoanModule {}
