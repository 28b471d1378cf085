import { PlatformOrganisations1763798400000 } from './1763798400000-platform-organisations';
import { ProgrammeVersions1763798500000 } from './1763798500000-programme-versions';
import { ApplicationsLedger1763798600000 } from './1763798600000-applications-ledger';
import { Calls1763798700000 } from './1763798700000-calls';
import { OneEngine1763798800000 } from './1763798800000-one-engine';
import { ChangeFeed1763798900000 } from './1763798900000-change-feed';
import { ExchangeRates1763799000000 } from './1763799000000-exchange-rates';
import { LedgerCurrencies1763799100000 } from './1763799100000-ledger-currencies';
import { Loans1763799200000 } from './1763799200000-loans';
import { Agreements1763799300000 } from './1763799300000-agreements';
import { Savings1763799400000 } from './1763799400000-savings';
import { Persons1763799500000 } from './1763799500000-persons';
import { WorkPlans1763799600000 } from './1763799600000-work-plans';
import { CostItems1763799700000 } from './1763799700000-cost-items';
import { MatchedSavings1763799800000 } from './1763799800000-matched-savings';
import { AuditTrail1763799900000 } from './1763799900000-audit-trail';
import { Notifications1763800100000 } from './1763800100000-notifications';
import { CommunitiesAndResults1763800200000 } from './1763800200000-communities-and-results';
import { Stewardship1763800000000 } from './1763800000000-stewardship';
import { ProgrammeApplicationsIndex1763800300000 } from './1763800300000-programme-applications-index';

/** Every migration in order; listed explicitly so compiled and test runs find the same set. */
export const MIGRATIONS = [
  PlatformOrganisations1763798400000,
  ProgrammeVersions1763798500000,
  ApplicationsLedger1763798600000,
  Calls1763798700000,
  OneEngine1763798800000,
  ChangeFeed1763798900000,
  ExchangeRates1763799000000,
  LedgerCurrencies1763799100000,
  Loans1763799200000,
  Agreements1763799300000,
  Savings1763799400000,
  Persons1763799500000,
  WorkPlans1763799600000,
  CostItems1763799700000,
  MatchedSavings1763799800000,
  AuditTrail1763799900000,
  Stewardship1763800000000,
  Notifications1763800100000,
  CommunitiesAndResults1763800200000,
  ProgrammeApplicationsIndex1763800300000,
];
