import { Module } from '@nestjs/common';
import { IntakeModule } from '@codev/intake';
import { ProgrammeSimulationResolver } from './programme-simulation.resolver';
import { ProgrammeModule } from './programme.module';

/**
 * Dry runs judge a sample as the intake judges submissions; apart from ProgrammeModule, which
 * the command-line loaders use without Temporal.
 */
@Module({ imports: [IntakeModule, ProgrammeModule], providers: [ProgrammeSimulationResolver] })
export class ProgrammeSimulationModule {}
