import { definitionWarnings } from '@codev/engine';
import { ProgrammeEntity, ProgrammeVersionEntity } from '@codev/persistence';
import { Programme, ProgrammeVersion, ProgrammeVersionStatus } from './programme.model';

export const toProgramme = (p: ProgrammeEntity): Programme => ({
  id: p.id,
  key: p.key,
  name: p.name,
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
