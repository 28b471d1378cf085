import { Module } from '@nestjs/common';
import { ApplicationLoanResolver, LoanResolver } from './loan.resolver';
import { LoanService } from './loan.service';

@Module({
  providers: [LoanService, LoanResolver, ApplicationLoanResolver],
  exports: [LoanService],
})
export class LoanModule {}
