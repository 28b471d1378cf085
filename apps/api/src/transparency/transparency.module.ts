import { Module } from '@nestjs/common';
import { ApplicationExportController } from './application-export.controller';
import { IatiController } from './iati.controller';
import { IatiService } from './iati.service';
import { ReportResolver } from './report.resolver';
import { ReportService } from './report.service';

@Module({
  controllers: [IatiController, ApplicationExportController],
  providers: [IatiService, ReportService, ReportResolver],
})
export class TransparencyModule {}
