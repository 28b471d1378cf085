import { Module } from '@nestjs/common';
import { OpenDataController } from './open-data.controller';
import { IatiController } from './iati.controller';
import { IatiService } from './iati.service';
import { ReportResolver } from './report.resolver';
import { ReportService } from './report.service';

@Module({
  controllers: [IatiController, OpenDataController],
  providers: [IatiService, ReportService, ReportResolver],
})
export class TransparencyModule {}
