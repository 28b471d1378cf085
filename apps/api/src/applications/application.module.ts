import { Module } from '@nestjs/common';
import { IntakeModule } from '@codev/intake';
import { StepModule } from '../steps/step.module';
import { ApplicationPartyResolver, ApplicationResolver } from './application.resolver';
import { ApplicationProgressResolver } from './application-progress.resolver';
import { ApplicationService } from './application.service';

@Module({
  imports: [IntakeModule, StepModule],
  providers: [
    ApplicationService,
    ApplicationResolver,
    ApplicationProgressResolver,
    ApplicationPartyResolver,
  ],
  exports: [ApplicationService],
})
export class ApplicationModule {}
