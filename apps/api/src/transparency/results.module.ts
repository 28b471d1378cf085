import { Module } from '@nestjs/common';
import { ResultsResolver } from './results.resolver';
import { ResultsService } from './results.service';

/** Programme results and consultation results: public reads beside the portfolio reports. */
@Module({ providers: [ResultsService, ResultsResolver] })
export class ResultsModule {}
