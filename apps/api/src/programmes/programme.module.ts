import { Module } from '@nestjs/common';
import { IntakeModule } from '@codev/intake';
import { ProgrammeSimulationResolver } from './programme-simulation.resolver';
import { ProgrammeResolver } from './programme.resolver';
import { ProgrammeService } from './programme.service';

@Module({
  imports: [IntakeModule],
  providers: [ProgrammeService, ProgrammeResolver, ProgrammeSimulationResolver],
  exports: [ProgrammeService],
})
export class ProgrammeModule {}
