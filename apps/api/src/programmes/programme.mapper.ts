import Decimal from 'decimal.js';
import { atMinorUnits } from '@codev/domain';
import { definitionWarnings } from '@codev/engine';
import { ProgrammeEntity, ProgrammeVersionEntity } from '@codev/persistence';
import { Envelope, EnvelopeRow } from './envelope.model';
import { Programme, ProgrammeVersion, ProgrammeVersionStatus } from './programme.model';

export const toProgramme = (p: ProgrammeEntity): Programme => ({
  id: p.id,
  key: p.key,
  name: p.name,
  ownerId: p.ownerOrganisationId,
});

export const toProgrammeVersion = (v: ProgrammeVersionEntity): ProgrammeVersion => ({
  id: v.id,
  programmeKey: v.definition.key,
  version: v.version,
  status: v.status as ProgrammeVersionStatus,
  rulesLabel: v.rulesLabel,
  definition: v.definition,
  warnings: definitionWarnings(v.definition),
  createdBy: v.createdBy,
  createdAt: v.createdAt,
  publishedAt: v.publishedAt,
  retiredAt: v.retiredAt,
});

export const toEnvelope = (e: EnvelopeRow): Envelope => {
  const money = (amount: string) => ({
    amount: atMinorUnits(amount, e.currency),
    currency: e.currency,
  });
  return {
    role: e.role,
    year: e.year,
    amount: money(e.amount),
    committed: money(e.committed),
    available: money(new Decimal(e.amount).minus(e.committed).toString()),
  };
};
