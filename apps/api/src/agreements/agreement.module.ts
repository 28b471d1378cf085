import { Module } from '@nestjs/common';
import {
  AgreementComponentResolver,
  AgreementPartyResolver,
  AgreementResolver,
} from './agreement.resolver';
import { AgreementService } from './agreement.service';
import { WorkPlanResolver } from './work-plan.resolver';
import { WorkPlanService } from './work-plan.service';

@Module({
  providers: [
    AgreementService,
    AgreementResolver,
    AgreementPartyResolver,
    AgreementComponentResolver,
    WorkPlanService,
    WorkPlanResolver,
  ],
  exports: [AgreementService, WorkPlanService],
})
export class AgreementModule {}
