import Decimal from 'decimal.js';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { FundingSplit, minorUnitDigits, ProgrammeDefinition } from '@codev/domain';
import type { ApplicationWorkflowInput } from '@codev/workflows';
import {
  ApplicationEntity,
  ApplicationEventEntity,
  ApplicationPartyEntity,
} from '../entities/application.entity';
import { CallApplicationEntity, CallEntity } from '../entities/call.entity';
import { ProgrammeVersionEntity } from '../entities/programme.entity';
import { accounts, LedgerRepository } from '../ledger/ledger.repository';

export interface CallProject {
  workflowId: string;
  input: ApplicationWorkflowInput;
}

/**
 * Turns a funded call application into a project under the call's programme: an application
 * whose parties are the applicant, the issuing body and the implementing NGO, whose split is
 * the grant and the applicant's co-funding, and whose commitment is posted to its own ledger
 * accounts (so its tranches draw on it). Idempotent: a call application that already became
 * a project returns that project. The caller starts its workflow.
 */
export async function createCallProject(
  em: EntityManager,
  call: CallEntity,
  ca: CallApplicationEntity,
): Promise<CallProject> {
  if (ca.applicationId) return existingProject(em, ca.applicationId);
  const version = await em.findOneBy(ProgrammeVersionEntity, {
    programmeId: call.programmeId,
    status: 'PUBLISHED',
  });
  if (!version) throw new Error(`the programme of call ${call.key} has no version in force`);
  const [place] = (await em.query(`SELECT id FROM jurisdiction WHERE code = $1`, [
    ca.countryOfOrigin,
  ])) as { id: string }[];
  if (!place)
    throw new Error(`no jurisdiction ${ca.countryOfOrigin} for the project of ${ca.title}`);
  const d = call.definition;
  const roles = d.programmeRoles;
  const digits = minorUnitDigits(d.currency);
  const granted = new Decimal(ca.granted!);
  const coFunding = new Decimal(ca.totalAmount).minus(granted);
  const funding: FundingSplit = {
    currency: d.currency,
    total: granted.plus(coFunding).toFixed(digits),
    lines: [
      { role: roles.issuer, amount: granted.toFixed(digits) },
      ...(coFunding.gt(0) ? [{ role: roles.applicant, amount: coFunding.toFixed(digits) }] : []),
    ],
  };
  const parties: Record<string, string> = {
    [roles.applicant]: ca.applicantId,
    [roles.issuer]: call.issuerId,
    ...(roles.implementer && ca.implementingNgoId
      ? { [roles.implementer]: ca.implementingNgoId }
      : {}),
  };
  const id = randomUUID();
  const now = new Date();
  await em.insert(ApplicationEntity, {
    id,
    programmeId: call.programmeId,
    programmeVersionId: version.id,
    title: ca.title,
    sector: ca.sector,
    applicantId: ca.applicantId,
    projectJurisdictionId: place.id,
    countryCode: ca.countryOfOrigin,
    subdivisionCode: null,
    municipalityCode: null,
    totalAmount: funding.total,
    currency: d.currency,
    fundingSplit: funding,
    status: 'IN_REVIEW',
    activeStages: [],
    workflowId: `application-${id}`,
    submittedBy: `call:${call.key}`,
    submittedAt: now,
    submittedYear: d.year,
  });
  await em.insert(
    ApplicationPartyEntity,
    Object.entries(parties).map(([role, organisationId]) => ({
      applicationId: id,
      role,
      organisationId,
    })),
  );
  await em.insert(ApplicationEventEntity, {
    applicationId: id,
    eventKey: 'submitted',
    stageId: null,
    kind: 'SUBMITTED',
    actorSubject: `call:${call.key}`,
    actorOrganisationId: call.issuerId,
    actorRole: roles.issuer,
    reason: `Funded by ${d.name}`,
    detail: {
      call: call.key,
      callApplication: ca.id,
      rank: ca.rank ?? undefined,
      granted: granted.toFixed(digits),
    },
    occurredAt: now,
  });
  await new LedgerRepository(em).post(
    `call-project:${ca.id}`,
    'COMMITMENT',
    id,
    `Grant and co-funding of "${ca.title}"`,
    funding.lines.flatMap((line) => {
      const organisationId = parties[line.role];
      const common = {
        applicationId: id,
        partyRole: line.role,
        organisationId,
        currency: d.currency,
      };
      return [
        {
          ...common,
          account: accounts.funderCommitments(organisationId),
          amount: new Decimal(line.amount).negated().toString(),
        },
        { ...common, account: accounts.committed(id, line.role), amount: line.amount },
      ];
    }),
  );
  await em.update(CallApplicationEntity, { id: ca.id }, { applicationId: id });
  return {
    workflowId: `application-${id}`,
    input: {
      applicationId: id,
      definition: version.definition as ProgrammeDefinition,
      parties,
      funding,
    },
  };
}

async function existingProject(em: EntityManager, applicationId: string): Promise<CallProject> {
  const application = await em.findOneByOrFail(ApplicationEntity, { id: applicationId });
  const version = await em.findOneByOrFail(ProgrammeVersionEntity, {
    id: application.programmeVersionId,
  });
  const parties = await em.findBy(ApplicationPartyEntity, { applicationId });
  return {
    workflowId: application.workflowId,
    input: {
      applicationId,
      definition: version.definition as ProgrammeDefinition,
      parties: Object.fromEntries(parties.map((p) => [p.role, p.organisationId])),
      funding: application.fundingSplit,
    },
  };
}
