import { Module } from '@nestjs/common';
import { StepChecks } from './step-checks';
import { StepMutationsResolver } from './step-mutations.resolver';
import { StepService } from './step.service';

@Module({
  providers: [StepService, StepMutationsResolver, StepChecks],
  exports: [StepService, StepChecks],
})
export class StepModule {}
