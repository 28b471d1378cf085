import { Module } from '@nestjs/common';
import { OpenDataController } from './open-data.controller';
import { IatiController } from './iati.controller';
import { IatiService } from './iati.service';
import { PortfolioPageController } from './portfolio-page/portfolio-page.controller';
import { ReportResolver } from './report.resolver';
import { ReportService } from './report.service';

@Module({
  controllers: [IatiController, OpenDataController, PortfolioPageController],
  providers: [IatiService, ReportService, ReportResolver],
})
export class TransparencyModule {}
