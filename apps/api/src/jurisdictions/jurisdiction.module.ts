import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { JurisdictionEntity } from '@codev/persistence';
import { JurisdictionResolver } from './jurisdiction.resolver';
import { JurisdictionService } from './jurisdiction.service';

@Module({
  imports: [TypeOrmModule.forFeature([JurisdictionEntity])],
  providers: [JurisdictionService, JurisdictionResolver],
  exports: [JurisdictionService],
})
export class JurisdictionModule {}
