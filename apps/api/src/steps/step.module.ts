import { Module } from '@nestjs/common';
import { StepMutationsResolver } from './step-mutations.resolver';
import { StepService } from './step.service';

@Module({ providers: [StepService, StepMutationsResolver], exports: [StepService] })
export class StepModule {}
