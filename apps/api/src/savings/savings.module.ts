import { Module } from '@nestjs/common';
import { StepModule } from '../steps/step.module';
import { ApplicationSavingsResolver } from './savings.resolver';
import { SavingsService } from './savings.service';

@Module({
  imports: [StepModule],
  providers: [SavingsService, ApplicationSavingsResolver],
  exports: [SavingsService],
})
export class SavingsModule {}
