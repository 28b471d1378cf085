import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { WithStartWorkflowOperation } from '@temporalio/client';
import { DataSource } from 'typeorm';
import { actsFor, type Principal, Role } from '@codev/auth';
import { CodevError, computeFundingSplit, prefixViolations, type Violation } from '@codev/domain';
import {
  APPLICATION_WORKFLOW,
  applicationWorkflowId,
  type ApplicationWorkflowInput,
  callWorkflowId,
  checkCallApplication,
  checkEligibility,
  checkParties,
  checkRegistration,
  grantSplit,
  type ProgrammeDefinition,
  type StepReply,
  submitUpdate,
} from '@codev/engine';
import { ApplicationEntity } from '@codev/persistence';
import { TemporalClientProvider } from '@codev/temporal';
import type { CallSubmission, ProgrammeSubmission, Submission } from './submission';
import { ancestry, SubmissionFacts } from './submission-facts';
import { applicationIdFor, fingerprintOf } from './submission-identity';
import { fromWorkflowError, isAlreadyStarted } from './workflow-errors';

export interface Admitted {
  applicationId: string;
  reply: StepReply | null;
}

type Prepared = Omit<ApplicationWorkflowInput, 'applicationId' | 'record'> & {
  record: Omit<ApplicationWorkflowInput['record'], 'fingerprint' | 'submittedBy'>;
};

/**
 * The one intake: every way into the engine — an application to a programme, an application
 * to a call — is judged here (eligibility, every reason at once; the funding formula; who may
 * apply), then written and started in one idempotent step: an update-with-start whose
 * workflow writes the application itself. A retry with the same key returns the same
 * application; the same key with another request is a conflict.
 */
@Injectable()
export class IntakeService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly temporal: TemporalClientProvider,
  ) {}

  async submit(submission: Submission, principal: Principal): Promise<Admitted> {
    const facts = new SubmissionFacts(this.db.manager);
    const prepared =
      submission.way === 'programme'
        ? await this.programme(submission, facts)
        : await this.call(submission, facts);
    const applicant = prepared.record.applicantId;
    if (
      !actsFor(principal, applicant, Role.Member) &&
      !actsFor(principal, applicant, Role.OrganisationAdmin)
    )
      throw CodevError.forbidden('Only a member of the applicant organisation may submit its application');

    const applicationId = applicationIdFor(principal.subject, submission.idempotencyKey);
    const fingerprint = fingerprintOf(submission);
    const input: ApplicationWorkflowInput = {
      ...prepared,
      applicationId,
      record: { ...prepared.record, fingerprint, submittedBy: principal.subject },
    };
    const actor = {
      subject: principal.subject,
      organisationId: principal.organisationId ?? applicant,
      roles: [...principal.roles],
    };
    try {
      const reply = await this.temporal.client.workflow.executeUpdateWithStart(submitUpdate, {
        args: [{ actor, fingerprint }],
        updateId: `submit:${fingerprint}`,
        startWorkflowOperation: new WithStartWorkflowOperation(APPLICATION_WORKFLOW, {
          workflowId: applicationWorkflowId(applicationId),
          taskQueue: this.temporal.taskQueue,
          args: [input],
          workflowIdConflictPolicy: 'USE_EXISTING',
          workflowIdReusePolicy: 'REJECT_DUPLICATE',
        }),
      });
      return { applicationId, reply };
    } catch (e) {
      if (isAlreadyStarted(e)) return this.earlier(applicationId, fingerprint);
      throw fromWorkflowError(e, 'The submission');
    }
  }

  /** A retry after the first submission's workflow ended: its row, or the reason it was refused. */
  private async earlier(applicationId: string, fingerprint: string): Promise<Admitted> {
    const row = await this.db.manager.findOneBy(ApplicationEntity, { id: applicationId });
    if (row && row.fingerprint !== fingerprint)
      throw CodevError.conflict('this idempotency key was used for a different submission');
    if (row) return { applicationId, reply: null };
    const outcome = (await this.temporal.client.workflow
      .getHandle(applicationWorkflowId(applicationId))
      .result()
      .catch(() => null)) as { status: string; reason?: string } | null;
    throw CodevError.conflict(outcome?.reason ?? 'an earlier submission with this key was refused');
  }

  private async programme(s: ProgrammeSubmission, facts: SubmissionFacts): Promise<Prepared> {
    const version = await facts.inForce(s.programmeKey);
    if (!version)
      throw CodevError.badInput([
        { path: 'input.programmeKey', message: `no programme "${s.programmeKey}" is in force` },
      ]);
    const definition = version.definition;
    const [jurisdiction, organisations] = await Promise.all([
      facts.jurisdiction(s.projectJurisdictionCode),
      facts.organisations(s.parties.map((p) => p.organisationId)),
    ]);
    const violations: Violation[] = [];
    if (!jurisdiction)
      violations.push({
        path: 'projectJurisdictionCode',
        message: `no jurisdiction has code ${s.projectJurisdictionCode}`,
      });
    violations.push(
      ...checkEligibility(definition, {
        sector: s.sector,
        projectCountry: jurisdiction?.countryCode ?? '',
        total: s.totalAmount,
        documentTypes: (s.documents ?? []).map((d) => d.documentType),
        parties: s.parties.map((p) => ({ role: p.role, organisation: organisations.get(p.organisationId) ?? null })),
      }).filter((v) => v.path !== 'projectJurisdictionCode' || jurisdiction),
    );
    const funding = computeFundingSplit(definition.funding, {
      total: s.totalAmount,
      currency: definition.currency,
      exchangeRates: Object.fromEntries((s.exchangeRates ?? []).map((r) => [r.currency, r.rate])),
      shortfalls: Object.fromEntries((s.shortfalls ?? []).map((x) => [x.role, x.amount])),
    });
    if (!funding.ok) violations.push(...funding.violations);
    if (violations.length || !funding.ok || !jurisdiction)
      throw CodevError.badInput(prefixViolations('input', violations));
    const applicant = s.parties.find((p) => definition.eligibility.applicantRoles.includes(p.role))!;
    const place = ancestry(jurisdiction);
    return {
      definition,
      parties: Object.fromEntries(s.parties.map((p) => [p.role, p.organisationId])),
      funding: funding.split,
      record: {
        programmeId: version.programmeId,
        programmeVersionId: version.id,
        programmeVersion: version.version,
        title: s.title.trim(),
        sector: s.sector,
        applicantId: applicant.organisationId,
        applicantRole: applicant.role,
        projectJurisdictionId: jurisdiction.id,
        countryCode: jurisdiction.countryCode,
        subdivisionCode: place.subdivision,
        municipalityCode: place.municipality,
        documents: s.documents ?? [],
      },
    };
  }

  private async call(s: CallSubmission, facts: SubmissionFacts): Promise<Prepared> {
    const call = await facts.call(s.callKey);
    if (!call) throw CodevError.notFound(`Call ${s.callKey}`);
    const d = call.definition;
    const [version, place, organisations, basedIn] = await Promise.all([
      facts.inForce(d.programmeKey),
      facts.jurisdiction(s.countryOfOrigin),
      facts.organisations([s.applicantOrganisationId, s.implementingNgoOrganisationId, call.issuerId]),
      facts.basedIn([call.issuerId, s.applicantOrganisationId]),
    ]);
    if (!version) throw CodevError.conflict(`the programme of call ${s.callKey} has no version in force`);
    const definition: ProgrammeDefinition = version.definition;
    const applicant = organisations.get(s.applicantOrganisationId) ?? null;
    const implementer = s.implementingNgoOrganisationId
      ? (organisations.get(s.implementingNgoOrganisationId) ?? null)
      : null;
    const roles = d.programmeRoles;
    const parties: Record<string, string> = {
      [roles.applicant]: s.applicantOrganisationId,
      [roles.issuer]: call.issuerId,
      ...(roles.implementer && s.implementingNgoOrganisationId
        ? { [roles.implementer]: s.implementingNgoOrganisationId }
        : {}),
    };
    const violations = [
      ...checkCallApplication(d, { ...s, applicant, implementer, implementingNgoId: s.implementingNgoOrganisationId }),
      ...(place ? [] : [{ path: 'countryOfOrigin', message: `${s.countryOfOrigin} is not a registered jurisdiction` }]),
      ...(applicant ? checkRegistration(d, basedIn.get(call.issuerId) ?? null, basedIn.get(applicant.id) ?? null) : []),
    ];
    // The programme's own rules for its parties, where the call's rules did not already speak.
    const asInput: Record<string, string> = {
      [roles.applicant]: 'applicantOrganisationId',
      ...(roles.implementer ? { [roles.implementer]: 'implementingNgoOrganisationId' } : {}),
    };
    const named = Object.entries(parties).map(([role, id]) => ({ role, organisation: organisations.get(id) ?? null }));
    for (const v of checkParties(definition, named)) {
      const index = /^parties\[(\d+)\]/.exec(v.path)?.[1];
      const path = index !== undefined ? (asInput[named[Number(index)].role] ?? v.path) : v.path;
      if (!violations.some((x) => x.path === path)) violations.push({ path, message: v.message });
    }
    if (violations.length || !place) throw CodevError.badInput(prefixViolations('input', violations));
    const submission = { title: s.title.trim(), documents: s.documents ?? [] };
    return {
      definition,
      parties,
      funding: grantSplit(d.currency, roles, s.totalAmount, s.requestedAmount),
      round: {
        callId: call.id,
        callKey: call.key,
        workflowId: callWorkflowId(call.key),
        envelopeId: call.envelopeId,
        issuerId: call.issuerId,
        currency: d.currency,
        criteria: d.criteria,
        requiredDocuments: d.requiredDocuments,
        roles,
        requested: s.requestedAmount,
        total: s.totalAmount,
        objective: s.objective,
        implementingNgoId: s.implementingNgoOrganisationId ?? null,
        closesAt: call.closesAt.toISOString(),
      },
      record: {
        programmeId: version.programmeId,
        programmeVersionId: version.id,
        programmeVersion: version.version,
        title: submission.title,
        sector: s.sector,
        applicantId: s.applicantOrganisationId,
        applicantRole: roles.applicant,
        projectJurisdictionId: place.id,
        countryCode: place.countryCode,
        subdivisionCode: null,
        municipalityCode: null,
        documents: submission.documents,
        objective: s.objective,
        implementingNgoId: s.implementingNgoOrganisationId ?? null,
      },
    };
  }
}
