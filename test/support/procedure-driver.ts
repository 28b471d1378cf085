import type {
  ProgrammeDefinition,
  StageDefinition,
} from '@codev/engine/definition/programme-definition.schema';
import { flattenStages } from '@codev/engine/definition/flatten-stages';
import { stageActions } from '@codev/engine/stages/registry';
import { errorCodes, gql } from './graphql-client';
import { mintToken } from './tokens';

/**
 * Takes an application of any programme to COMPLETED through the public GraphQL API, as the
 * people in its parties would: it reads the open stages and the definition the application is
 * pinned to, and at each stage takes the steps the definition asks for (every seat votes FOR,
 * every document is filed, every review approves, every report is filed in order, the
 * handover is certified). Stages without human steps (a check, a commitment, tranches, a
 * call's selection) move by themselves: only then does it wait, on the projection.
 */
export async function driveToCompletion(
  url: string,
  applicationId: string,
  options: {
    timeoutMs?: number;
    /** Return once every open stage's steps are taken and it waits only on time (a consultation's period). */
    untilWaiting?: boolean;
  } = {},
): Promise<void> {
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  let app = await readApplication(url, applicationId);
  const definition = await pinnedDefinition(url, app);
  const stages = new Map(
    flattenStages(definition.procedure.stages).map(({ stage }) => [stage.id, stage]),
  );
  const party = new Map(app.parties.map((p) => [p.role, p.organisation.id]));
  const driver: StageDriver = {
    applicationId,
    definition,
    act: (actionName, role, input, as = {}) => {
      const organisationId = party.get(role);
      if (!organisationId) throw new Error(`${applicationId}: no organisation plays "${role}"`);
      const token = mintToken({
        sub: as.subject ?? `${role}-member`,
        org: organisationId,
        roles: ['member', ...(as.tokenRole ? [as.tokenRole] : [])],
      });
      return takeStep(url, actionName, { applicationId, ...input }, token);
    },
    hasParty: (role) => party.has(role),
    payoff: async (stageId) => {
      const res = await gql<{
        application: {
          loans: {
            stageId: string;
            position: { principalOutstanding: { amount: string } };
            schedule: { interest: { amount: string } }[];
          }[];
        };
      }>(
        url,
        `query($id: ID!) { application(id: $id) { loans { stageId position { principalOutstanding { amount } } schedule { interest { amount } } } } }`,
        { id: applicationId },
      );
      const loan = res.data?.application.loans.find((l) => l.stageId === stageId);
      if (!loan) throw new Error(`${applicationId}: no loan at ${stageId}`);
      // Everything outstanding, and the first instalment's interest, paid ahead.
      const [first] = loan.schedule;
      const digits = first.interest.amount.split('.')[1]?.length ?? 0;
      return (
        Number(loan.position.principalOutstanding.amount) + Number(first.interest.amount)
      ).toFixed(digits);
    },
  };
  const taken = new Set<string>();

  while (app.status !== 'COMPLETED') {
    if (CLOSED.includes(app.status))
      throw new Error(
        `${applicationId} ended ${app.status} at ${app.activeStages.join(', ') || 'no stage'}`,
      );
    const ready = app.activeStages
      .filter((id) => !taken.has(id))
      .map((id) => stageOf(stages, id))
      .filter((stage) => stepsFor(stage));
    for (const stage of ready) {
      await stepsFor(stage)!(driver, stage);
      taken.add(stage.id);
    }
    if (!ready.length && options.untilWaiting) return;
    app = ready.length
      ? await readApplication(url, applicationId) // steps return once the workflow applied them
      : await waitForChange(url, app, deadline);
  }
}

interface ApplicationState {
  id: string;
  status: string;
  activeStages: string[];
  programmeKey: string;
  programmeVersion: number;
  parties: { role: string; organisation: { id: string } }[];
}

interface StageDriver {
  applicationId: string;
  definition: ProgrammeDefinition;
  /**
   * Takes a stage action as a member of the organisation playing `role` (as `subject`, holding
   * `tokenRole` besides "member" where the definition asks for one).
   */
  act(
    actionName: string,
    role: string,
    input: Record<string, unknown>,
    as?: { subject?: string; tokenRole?: string },
  ): Promise<StepOutcome>;
  hasParty(role: string): boolean;
  /** What repays a just-disbursed loan at once. */
  payoff(stageId: string): Promise<string>;
}

/** What a step's mutation answers: its outcome (e.g. the committee's tally) and the open stages. */
interface StepOutcome {
  outcome: string | null;
  activeStages: string[];
}

type StageOf<K extends StageDefinition['kind']> = Extract<StageDefinition, { kind: K }>;
type Steps = (driver: StageDriver, stage: StageDefinition) => Promise<void>;

const CLOSED = ['REJECTED', 'WITHDRAWN', 'FAILED'];
const POLL_MS = 100;

/** The steps each kind of stage asks of people; a kind not listed here moves by itself. */
const stepsByKind: {
  [K in StageDefinition['kind']]?: (d: StageDriver, stage: StageOf<K>) => Promise<void>;
} = {
  COMMITTEE: async (d, stage) => {
    // Seat by seat until the committee decides: it does as soon as no vote left can change it.
    vote: for (const member of stage.members)
      for (let seat = 1; seat <= member.seats; seat++) {
        const { outcome } = await d.act(
          'castVote',
          member.role,
          {
            stageId: stage.id,
            role: member.role,
            vote: 'FOR',
            reason: `${member.role} supports the project`,
          },
          {
            subject: `${member.role}-seat-${seat}`,
            tokenRole: member.voterRole ?? stage.voterRole,
          },
        );
        if (outcome !== 'PENDING') break vote;
      }
    // Once it has approved, the chair sets each funder's timeline, which closes the stage.
    if (stage.setsDisbursementTimeline)
      await d.act('setDisbursementTimeline', stage.chair, {
        stageId: stage.id,
        entries: timeline(d),
      });
  },
  DOCUMENT: async (d, stage) => {
    const role = stage.submittedBy.find((r) => d.hasParty(r)) ?? stage.submittedBy[0];
    for (const documentType of stage.documents)
      await d.act('submitDocument', role, {
        stageId: stage.id,
        role,
        documentType,
        uri: `https://docs.example.org/${d.applicationId}/${documentType}.pdf`,
      });
  },
  REVIEW: async (d, stage) => {
    await d.act('decideReview', stage.reviewer, {
      stageId: stage.id,
      decision: 'APPROVE',
      reason: `${stage.reviewer} approves`,
    });
  },
  MONITORING: async (d, stage) => {
    for (const reportType of stage.reports)
      await d.act('fileReport', stage.supervisor, {
        stageId: stage.id,
        reportType,
        uri: `https://docs.example.org/${d.applicationId}/${reportType}.pdf`,
        summary: `${reportType} accepted`,
      });
  },
  LOAN: async (d, stage) => {
    const today = new Date().toISOString().slice(0, 10);
    await d.act('recordLoanDisbursement', stage.lender, {
      stageId: stage.id,
      reference: `${stage.id}-disbursement`,
      disbursedOn: today,
    });
    await d.act('recordLoanRepayment', stage.lender, {
      stageId: stage.id,
      reference: `${stage.id}-payoff`,
      amount: await d.payoff(stage.id),
      receivedOn: today,
    });
  },
  SAVINGS: async (d, stage) => {
    // The bank reports a deposit; the saver takes it back, which empties and closes the account.
    const today = new Date().toISOString().slice(0, 10);
    const amount = { stageId: stage.id, amount: '1000' };
    await d.act('recordSavingsDeposit', stage.depositary, {
      ...amount,
      reference: `${stage.id}-deposit`,
      depositedOn: today,
    });
    await d.act('withdrawSavings', stage.saver, {
      ...amount,
      reference: `${stage.id}-withdrawal`,
      withdrawnOn: today,
    });
  },
  CONSULTATION: async (d, stage) => {
    // Three residents on the register, or each committee, vote once; the result comes when
    // the period ends.
    const voters =
      'registeredBy' in stage.voters
        ? [1, 2, 3].map((n) => ({
            role: (stage.voters as { registeredBy: string }).registeredBy,
            as: { subject: `resident-${n}`, tokenRole: 'resident' },
          }))
        : stage.voters.committees.map((role) => ({ role, as: {} }));
    const ballot = [...stage.priorities, ...(stage.proposals ? ['ROADS'] : [])];
    if (stage.proposals)
      await d.act(
        'proposePriority',
        voters[0].role,
        { stageId: stage.id, priority: 'ROADS', description: 'The road to the county seat' },
        voters[0].as,
      );
    for (const [n, v] of voters.entries())
      await d.act(
        'castPriorityVote',
        v.role,
        { stageId: stage.id, ballot: ballot[(n + 1) % ballot.length] },
        v.as,
      );
  },
  HANDOVER: async (d, stage) => {
    await d.act('certifyHandover', stage.certifiedBy, {
      stageId: stage.id,
      remarks: 'The work is handed over to the community',
    });
  },
};

/** What people do at a stage, or undefined when it moves by itself. */
const stepsFor = (stage: StageDefinition) => stepsByKind[stage.kind] as Steps | undefined;

/** One due date per funder and tranche, a month apart in tranche order. */
function timeline(d: StageDriver) {
  const tranches = flattenStages(d.definition.procedure.stages).flatMap(({ stage }) =>
    stage.kind === 'DISBURSEMENT' ? stage.tranches.map((t) => t.id) : [],
  );
  const funders = [...new Set(d.definition.funding.shares.map((s) => s.role))].filter(d.hasParty);
  // Dates already come (a week apart, the last a day ago): the tranches wait for their
  // funders' dates, and a driven lifecycle should not wait months.
  const due = (daysAgo: number) =>
    new Date(Date.now() - daysAgo * 86_400_000).toISOString().slice(0, 10);
  return funders.flatMap((role) =>
    tranches.map((trancheId, i) => ({
      role,
      trancheId,
      dueDate: due(1 + 7 * (tranches.length - 1 - i)),
    })),
  );
}

function stageOf(stages: Map<string, StageDefinition>, stageId: string): StageDefinition {
  const stage = stages.get(stageId);
  if (!stage) throw new Error(`stage "${stageId}" is not in the pinned definition`);
  return stage;
}

/** A stage action through its generated mutation; refusals fail with the server's errors. */
async function takeStep(
  url: string,
  actionName: string,
  input: Record<string, unknown>,
  token: string,
): Promise<StepOutcome> {
  const entry = stageActions.get(actionName);
  if (!entry) throw new Error(`"${actionName}" is not a stage action`);
  const { mutation, inputType } = entry.action.spec;
  const res = await gql<Record<string, StepOutcome>>(
    url,
    `mutation($input: ${inputType}!) { ${mutation}(input: $input) { outcome activeStages } }`,
    { input },
    token,
  );
  if (res.errors)
    throw new Error(
      `${mutation} on ${String(input.applicationId)} refused (${errorCodes(res).join(',')}): ${JSON.stringify(res.errors)}`,
    );
  return res.data![mutation];
}

async function readApplication(url: string, id: string): Promise<ApplicationState> {
  const res = await gql<{ application: ApplicationState | null }>(
    url,
    `query($id: ID!) { application(id: $id) { id status activeStages programmeKey programmeVersion parties { role organisation { id } } } }`,
    { id },
  );
  if (res.errors || !res.data?.application)
    throw new Error(`cannot read application ${id}: ${JSON.stringify(res.errors ?? 'not found')}`);
  return res.data.application;
}

async function pinnedDefinition(url: string, app: ApplicationState): Promise<ProgrammeDefinition> {
  const res = await gql<{
    programme: { versions: { version: number; definition: ProgrammeDefinition }[] } | null;
  }>(url, `query($key: String!) { programme(key: $key) { versions { version definition } } }`, {
    key: app.programmeKey,
  });
  const pinned = res.data?.programme?.versions.find((v) => v.version === app.programmeVersion);
  if (!pinned) throw new Error(`no version ${app.programmeVersion} of ${app.programmeKey}`);
  return pinned.definition;
}

/** Waits for a stage that moves by itself: until the status or the open stages change. */
async function waitForChange(
  url: string,
  from: ApplicationState,
  deadline: number,
): Promise<ApplicationState> {
  const where = (a: ApplicationState) => `${a.status} at ${a.activeStages.join(', ')}`;
  for (;;) {
    await new Promise((r) => setTimeout(r, POLL_MS));
    const app = await readApplication(url, from.id);
    if (where(app) !== where(from)) return app;
    if (Date.now() > deadline)
      throw new Error(`${from.id} stuck ${where(app)}: nothing moved before the timeout`);
  }
}
