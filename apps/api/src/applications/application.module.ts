import { Module } from '@nestjs/common';
import { IntakeModule } from '@codev/intake';
import { StepModule } from '../steps/step.module';
import { ApplicationPartyResolver, ApplicationResolver } from './application.resolver';
import { ApplicationService } from './application.service';

@Module({
  imports: [IntakeModule, StepModule],
  providers: [ApplicationService, ApplicationResolver, ApplicationPartyResolver],
  exports: [ApplicationService],
})
export class ApplicationModule {}
