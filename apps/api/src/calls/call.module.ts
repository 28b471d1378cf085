import { Module } from '@nestjs/common';
import { ProgrammeModule } from '../programmes/programme.module';
import { CallResolver } from './call.resolver';
import { CallService } from './call.service';
import { DirectiveService } from './directive.service';

@Module({
  imports: [ProgrammeModule],
  providers: [CallService, DirectiveService, CallResolver],
  exports: [CallService, DirectiveService],
})
export class CallModule {}
