import { Module } from '@nestjs/common';
import { ExchangeRateResolver } from './exchange-rate.resolver';
import { ExchangeRateService } from './exchange-rate.service';

@Module({ providers: [ExchangeRateService, ExchangeRateResolver], exports: [ExchangeRateService] })
export class ExchangeRateModule {}
