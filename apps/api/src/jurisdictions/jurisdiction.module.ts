import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { JurisdictionEntity } from '@codev/persistence';
import { JurisdictionResolver } from './jurisdiction.resolver';
import { JurisdictionService } from './jurisdiction.service';
import { JurisdictionIndicatorResolver } from './indicators/jurisdiction-indicator.resolver';
import { JurisdictionIndicatorService } from './indicators/jurisdiction-indicator.service';

@Module({
  imports: [TypeOrmModule.forFeature([JurisdictionEntity])],
  providers: [
    JurisdictionService,
    JurisdictionResolver,
    JurisdictionIndicatorService,
    JurisdictionIndicatorResolver,
  ],
  exports: [JurisdictionService, JurisdictionIndicatorService],
})
export class JurisdictionModule {}
