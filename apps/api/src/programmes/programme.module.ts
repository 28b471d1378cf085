import { Module } from '@nestjs/common';
import { ProgrammeResolver } from './programme.resolver';
import { ProgrammeService } from './programme.service';

@Module({ providers: [ProgrammeService, ProgrammeResolver], exports: [ProgrammeService] })
export class ProgrammeModule {}
