import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { WithStartWorkflowOperation } from '@temporalio/client';
import type { SearchAttributePair } from '@temporalio/common';
import { DataSource } from 'typeorm';
import { actsFor, type Principal, Role } from '@codev/auth';
import {
  checkCommunityPriority,
  checkIndicatorConditions,
  CodevError,
  computeFundingSplit,
  targetedShares,
  type FundingSplit,
  prefixViolations,
  ratesNeeded,
  type Violation,
} from '@codev/domain';
import {
  APPLICATION_WORKFLOW,
  applicationWorkflowId,
  type ApplicationWorkflowInput,
  checkEligibility,
  type ProgrammeDefinition,
  SEARCH_ATTRIBUTES,
  type StepReply,
  submitUpdate,
} from '@codev/engine';
import {
  ApplicationEntity,
  type ExchangeRate,
  ExchangeRateRepository,
  type ProgrammeVersionEntity,
} from '@codev/persistence';
import { SearchAttributeSupport, TemporalClientProvider } from '@codev/temporal';
import type { ProgrammeSubmission, Submission } from './submission';
import { SubmissionFacts } from './submission-facts';
import { applicationIdFor, fingerprintOf } from './submission-identity';
import { fromWorkflowError, isAlreadyStarted, sendUpdate } from './workflow-errors';
import { prepareCallSubmission } from './call-submission';
import { type Prepared, recordOf } from './submission-record';
import { costItemsOf } from './submission-cost-items';

export interface Admitted {
  applicationId: string;
  reply: StepReply | null;
}

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
    private readonly searchAttributes: SearchAttributeSupport,
  ) {}

  async submit(submission: Submission, principal: Principal): Promise<Admitted> {
    const facts = new SubmissionFacts(this.db.manager);
    const prepared =
      submission.way === 'programme'
        ? await this.programme(submission, facts, principal.organisationId)
        : await prepareCallSubmission(submission, facts);
    const applicant = prepared.record.applicantId;
    if (
      !actsFor(principal, applicant, Role.Member) &&
      !actsFor(principal, applicant, Role.OrganisationAdmin)
    )
      throw CodevError.forbidden(
        'Only a member of the applicant organisation may submit its application',
      );

    const applicationId = applicationIdFor(principal.subject, submission.idempotencyKey);
    const fingerprint = fingerprintOf(submission);
    const input: ApplicationWorkflowInput = {
      ...prepared,
      places: await placesOf(facts, prepared.parties),
      applicationId,
      record: { ...prepared.record, fingerprint, submittedBy: principal.subject },
      searchAttributes: await this.searchAttributes.supported(),
    };
    const actor = {
      subject: principal.subject,
      organisationId: principal.organisationId ?? applicant,
      roles: [...principal.roles],
    };
    try {
      return {
        applicationId,
        reply: await sendUpdate(() => this.start(input, actor, fingerprint)),
      };
    } catch (e) {
      if (!isAlreadyStarted(e)) throw fromWorkflowError(e, 'The submission');
    }
    // The key's first submission has ended: the same key answers with its application, or
    // with the reason it was refused (a refusal is an answer, not a lost request).
    const row = await this.db.manager.findOneBy(ApplicationEntity, { id: applicationId });
    if (row && row.fingerprint !== fingerprint)
      throw CodevError.conflict('this idempotency key was used for a different submission');
    if (row) return { applicationId, reply: null };
    const outcome = (await this.temporal.client.workflow
      .getHandle(applicationWorkflowId(applicationId))
      .result()
      .catch(() => null)) as { status: string; reason?: string } | null;
    throw CodevError.conflict(outcome?.reason ?? 'an earlier submission with this key failed');
  }

  /**
   * A dry run: the sample judged under `version` (a draft) as a submission would be —
   * eligibility, the funding formula, each party's place — and nothing written or started.
   */
  async dryRun(
    version: ProgrammeVersionEntity,
    sample: ProgrammeSubmission,
    principal: Principal,
  ): Promise<ApplicationWorkflowInput> {
    const facts = new SubmissionFacts(this.db.manager);
    const prepared = await this.programme(sample, facts, principal.organisationId, version);
    return {
      ...prepared,
      places: await placesOf(facts, prepared.parties),
      applicationId: 'dry-run',
      record: { ...prepared.record, fingerprint: 'dry-run', submittedBy: principal.subject },
    };
  }

  /** Starts the application's workflow with its submission, or sends the submission to the run there is. */
  private start(
    input: ApplicationWorkflowInput,
    actor: { subject: string; organisationId: string; roles: string[] },
    fingerprint: string,
  ) {
    return this.temporal.client.workflow.executeUpdateWithStart(submitUpdate, {
      args: [{ actor, fingerprint }],
      updateId: `submit:${fingerprint}`,
      startWorkflowOperation: new WithStartWorkflowOperation(APPLICATION_WORKFLOW, {
        workflowId: applicationWorkflowId(input.applicationId),
        taskQueue: this.temporal.taskQueue,
        args: [input],
        workflowIdConflictPolicy: 'USE_EXISTING',
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
        ...(input.searchAttributes ? { typedSearchAttributes: indexOf(input) } : {}),
      }),
    });
  }

  /**
   * A programme's application. Where several roles may apply (an association bottom-up, an
   * operator or a ministry top-down), the applicant is the party the caller acts for.
   */
  private async programme(
    s: ProgrammeSubmission,
    facts: SubmissionFacts,
    callerOrganisationId: string | null,
    under?: ProgrammeVersionEntity,
  ): Promise<Prepared> {
    const version = under ?? (await facts.inForce(s.programmeKey));
    if (!version)
      throw CodevError.badInput([
        { path: 'input.programmeKey', message: `no programme "${s.programmeKey}" is in force` },
      ]);
    const definition = version.definition;
    const [jurisdiction, organisations] = await Promise.all([
      facts.jurisdiction(s.projectJurisdictionCode),
      facts.organisations(s.parties.map((p) => p.organisationId)),
    ]);
    // Targeting: the indicators of the project's place (or of the region above it), read
    // only for a programme that targets by them.
    const targets =
      !!definition.eligibility.indicators?.length ||
      definition.funding.shares.some((s) => s.weightWhere);
    const readings = jurisdiction && targets ? await facts.indicators(jurisdiction.id) : new Map();
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
        parties: s.parties.map((p) => ({
          role: p.role,
          organisation: organisations.get(p.organisationId) ?? null,
        })),
      }).filter((v) => v.path !== 'projectJurisdictionCode' || jurisdiction),
    );
    if (jurisdiction)
      violations.push(
        ...checkIndicatorConditions(definition.eligibility.indicators ?? [], readings),
      );
    const priorities = definition.eligibility.communityPriorities;
    if (jurisdiction && priorities)
      violations.push(
        ...checkCommunityPriority(priorities.top, s.sector, await facts.consultation(jurisdiction)),
      );
    const budget = costItemsOf(definition, s);
    violations.push(...budget.violations);
    const rates = await this.rates(definition, facts);
    const rule = {
      ...definition.funding,
      shares: targetedShares(definition.funding.shares, readings),
    };
    const funding = computeFundingSplit(rule, {
      total: s.totalAmount,
      currency: definition.currency,
      exchangeRates: Object.fromEntries([...rates].map(([c, r]) => [c, r.rate])),
      shortfalls: Object.fromEntries((s.shortfalls ?? []).map((x) => [x.role, x.amount])),
    });
    if (!funding.ok) violations.push(...funding.violations);
    const record = jurisdiction
      ? recordOf(version, s, jurisdiction, budget.items, violations)
      : null;
    if (violations.length || !funding.ok || !record)
      throw CodevError.badInput(prefixViolations('input', violations));
    const applicants = s.parties.filter((p) =>
      definition.eligibility.applicantRoles.includes(p.role),
    );
    const applicant =
      applicants.find((p) => p.organisationId === callerOrganisationId) ?? applicants[0];
    return {
      definition,
      parties: Object.fromEntries(s.parties.map((p) => [p.role, p.organisationId])),
      funding: withRateSources(funding.split, rates),
      record: {
        ...record,
        applicantId: applicant.organisationId,
        applicantRole: applicant.role,
      },
    };
  }

  /**
   * The rates a programme's formula converts at, in force today, from the rates table: a
   * pledge in another currency is never converted at a rate from nowhere.
   */
  private async rates(
    d: ProgrammeDefinition,
    facts: SubmissionFacts,
  ): Promise<Map<string, ExchangeRate>> {
    const foreign = [...ratesNeeded(d.funding, d.currency).keys()];
    if (!foreign.length) return new Map();
    const today = (await facts.now()).toISOString().slice(0, 10);
    const found = await new ExchangeRateRepository(this.db.manager).inForce(
      foreign,
      d.currency,
      today,
    );
    const missing = foreign.filter((c) => !found.has(c));
    if (missing.length)
      throw CodevError.conflict(
        `No exchange rate ${missing.map((c) => `${c}→${d.currency}`).join(', ')} valid on ${today} is recorded; an administrator records one with recordExchangeRates`,
      );
    return found;
  }
}

/** Each party's place: its calendar and time zone count the deadlines it must meet. */
async function placesOf(
  facts: SubmissionFacts,
  parties: Record<string, string>,
): Promise<ApplicationWorkflowInput['places']> {
  const placeOf = await facts.places(Object.values(parties));
  return Object.fromEntries(
    Object.entries(parties).flatMap(([role, id]) =>
      placeOf.has(id) ? [[role, placeOf.get(id)!]] : [],
    ),
  );
}

/** Each pledge in another currency, with the source and date of the rate it was converted at. */
function withRateSources(split: FundingSplit, rates: Map<string, ExchangeRate>): FundingSplit {
  return {
    ...split,
    lines: split.lines.map((l) => {
      const rate = l.pledged && rates.get(l.pledged.currency);
      return rate && l.pledged
        ? { ...l, pledged: { ...l.pledged, source: rate.source, validOn: rate.validOn } }
        : l;
    }),
  };
}

/** How Temporal lists the application: programme, version, place, status, call. */
function indexOf(input: ApplicationWorkflowInput): SearchAttributePair[] {
  const r = input.record;
  const pairs: SearchAttributePair[] = [
    { key: SEARCH_ATTRIBUTES.programme, value: input.definition.key },
    { key: SEARCH_ATTRIBUTES.version, value: r.programmeVersion },
    {
      key: SEARCH_ATTRIBUTES.jurisdiction,
      value: r.municipalityCode ?? r.subdivisionCode ?? r.countryCode,
    },
    { key: SEARCH_ATTRIBUTES.status, value: 'IN_REVIEW' },
  ];
  if (input.round) pairs.push({ key: SEARCH_ATTRIBUTES.call, value: input.round.callKey });
  return pairs;
}
