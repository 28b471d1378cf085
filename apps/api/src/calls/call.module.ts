import { Module } from '@nestjs/common';
import { IntakeModule } from '@codev/intake';
import { ProgrammeModule } from '../programmes/programme.module';
import { CallPublicationService } from './call-publication.service';
import { CallQueries } from './call.queries';
import { CallApplicationResolver, CallResolver } from './call.resolver';
import { DirectiveService } from './directive.service';

@Module({
  imports: [ProgrammeModule, IntakeModule],
  providers: [
    CallQueries,
    CallPublicationService,
    DirectiveService,
    CallResolver,
    CallApplicationResolver,
  ],
  exports: [CallQueries, DirectiveService],
})
export class CallModule {}
