import { Module } from '@nestjs/common';
import { ProgrammeModule } from '../programmes/programme.module';
import { ApplicationStepsResolver } from './application-steps.resolver';
import { ApplicationStepsService } from './application-steps.service';
import { ApplicationPartyResolver, ApplicationResolver } from './application.resolver';
import { ApplicationService } from './application.service';

@Module({
  imports: [ProgrammeModule],
  providers: [
    ApplicationService,
    ApplicationStepsService,
    ApplicationResolver,
    ApplicationPartyResolver,
    ApplicationStepsResolver,
  ],
  exports: [ApplicationService],
})
export class ApplicationModule {}
