import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CodevError, isCurrencyCode, type Violation } from '@codev/domain';
import { parseLocalDate } from '@codev/domain/calendar/local-date';
import { type ExchangeRate, ExchangeRateRepository } from '@codev/persistence';

/** Exchange rates with their source and date: what pledges in another currency are converted at. */
@Injectable()
export class ExchangeRateService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async record(rates: ExchangeRate[], recordedBy: string): Promise<ExchangeRate[]> {
    const violations: Violation[] = rates.flatMap((r, i) => [
      ...(isCurrencyCode(r.from)
        ? []
        : [{ path: `input.rates[${i}].from`, message: `${r.from} is not an ISO 4217 currency` }]),
      ...(isCurrencyCode(r.to)
        ? []
        : [{ path: `input.rates[${i}].to`, message: `${r.to} is not an ISO 4217 currency` }]),
      ...(r.from === r.to
        ? [{ path: `input.rates[${i}].to`, message: 'a rate converts between two currencies' }]
        : []),
      ...(Number(r.rate) > 0
        ? []
        : [{ path: `input.rates[${i}].rate`, message: 'must be positive' }]),
      ...(parseLocalDate(r.validOn) === undefined
        ? [{ path: `input.rates[${i}].validOn`, message: `${r.validOn} is not a calendar date` }]
        : []),
    ]);
    if (violations.length) throw CodevError.badInput(violations);
    await new ExchangeRateRepository(this.db.manager).record(rates, recordedBy);
    return rates;
  }

  list(filter: { from?: string | null; to?: string | null }, first: number) {
    return new ExchangeRateRepository(this.db.manager).list(filter, first);
  }
}
