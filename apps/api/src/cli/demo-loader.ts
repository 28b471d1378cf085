import { Principal, Role } from '@codev/auth';
import { organisationNameKey } from '@codev/persistence';
import { plainToInstance } from 'class-transformer';
import { readFileSync } from 'node:fs';
import type { ExchangeRate } from '@codev/persistence';
import { ExchangeRateService } from '../rates/exchange-rate.service';
import { JurisdictionService } from '../jurisdictions/jurisdiction.service';
import { CreateJurisdictionInput } from '../jurisdictions/create-jurisdiction.input';
import { OrganisationService } from '../organisations/organisation.service';
import { RegisterOrganisationInput } from '../organisations/register-organisation.input';

/** Loads a rates file ({ rates: [{ from, to, rate, validOn, source }] }) through the API's service. */
export async function loadExchangeRates(
  file: string,
  service: ExchangeRateService,
): Promise<number> {
  const { rates } = JSON.parse(readFileSync(file, 'utf8')) as { rates: ExchangeRate[] };
  await service.record(rates, LOADER.subject);
  return rates.length;
}

export interface DemoParties {
  jurisdictions: CreateJurisdictionInput[];
  organisations: RegisterOrganisationInput[];
}

const LOADER: Principal = {
  subject: 'system:demo-loader',
  organisationId: null,
  roles: new Set([Role.PlatformAdmin]),
};

/**
 * Loads parties through the same services (and rules) as the API. Idempotent: what exists
 * already, by code or by organisation identity, is left as it is.
 */
export async function loadDemoParties(
  data: DemoParties,
  jurisdictions: JurisdictionService,
  organisations: OrganisationService,
): Promise<{ jurisdictions: number; organisations: number }> {
  let createdJurisdictions = 0;
  for (const j of data.jurisdictions) {
    if (await jurisdictions.findByCode(j.code)) continue;
    await jurisdictions.create(plainToInstance(CreateJurisdictionInput, j));
    createdJurisdictions++;
  }
  let createdOrganisations = 0;
  for (const o of data.organisations) {
    if (await organisations.exists(o.kind, o.countryOfResidence, organisationNameKey(o.name)))
      continue;
    await organisations.register(plainToInstance(RegisterOrganisationInput, o), LOADER);
    createdOrganisations++;
  }
  return { jurisdictions: createdJurisdictions, organisations: createdOrganisations };
}
