// The lifecycles the benches drive, through GraphQL (the engine) and straight through a
// Temporal client (the bare workflow with the engine's shape):
//   simple  a small programme published by the bench (CHECK → REVIEW → COMMITMENT):
//           submitApplication, then decideReview APPROVE → COMPLETED
//   3x1     the operations of docs/examples/3x1-jerez.steps.json, in order
// Completion is what the mutations answer (each Update answers once its transitions are
// written); where a stage would move by itself, a subscription (applicationChanged) waits for it.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Kind, parse, print, visit } from 'graphql';
import { parse as parseYaml } from 'yaml';
import {
  graphql,
  minter,
  organisationsByName,
  percentiles,
  since,
  subscriptions,
} from './client.mjs';
import { root } from './stack.mjs';
import { fetchShape } from './temporal.mjs';

const require = createRequire(import.meta.url);
const { WithStartWorkflowOperation } = require('@temporalio/client');

export const SIMPLE_KEY = 'bench-simple';
export const FULL_KEY = 'bench-mx-3x1';

const SIMPLE_PROGRAMME = {
  key: SIMPLE_KEY,
  name: 'Bench: check, one review, commitment',
  rulesLabel: 'bench',
  currency: 'MXN',
  calendar: { country: 'MX' },
  timeZone: 'America/Mexico_City',
  parties: [
    { role: 'migrants', label: 'Club', organisationKinds: ['MIGRANT_CLUB', 'FEDERATION_OF_CLUBS'] },
    {
      role: 'state',
      label: 'State government',
      organisationKinds: ['GOVERNMENT_BODY'],
      governmentLevel: 'REGIONAL',
      countries: ['MX'],
    },
  ],
  eligibility: {
    applicantRoles: ['migrants'],
    projectCountries: ['MX'],
    sectors: ['POTABLE_WATER'],
  },
  funding: {
    shares: [
      { role: 'migrants', weight: '1' },
      { role: 'state', weight: '1' },
    ],
  },
  procedure: {
    stages: [
      { id: 'eligibility', name: 'Eligibility', kind: 'CHECK' },
      { id: 'review', name: 'Review', kind: 'REVIEW', reviewer: 'state' },
      { id: 'commitment', name: 'Commitment', kind: 'COMMITMENT' },
    ],
  },
};

const CLUB = 'Club Jerezano de Los Ángeles';
const STATE = 'Gobierno del Estado de Zacatecas';
const APPLICATION_STATE = 'query($id: ID!) { application(id: $id) { id status activeStages } }';
const APPLICATION_CHANGED =
  'subscription($id: ID!) { applicationChanged(id: $id) { id status activeStages } }';

/** Adds `status activeStages` to each mutation's answer, so the bench sees the state each step left. */
function withState(document) {
  return print(
    visit(parse(document), {
      OperationDefinition(op) {
        if (op.operation !== 'mutation') return undefined;
        const [field, ...rest] = op.selectionSet.selections;
        const have = new Set(field.selectionSet.selections.map((s) => s.name?.value));
        const add = ['status', 'activeStages']
          .filter((n) => !have.has(n))
          .map((n) => ({ kind: Kind.FIELD, name: { kind: Kind.NAME, value: n } }));
        return {
          ...op,
          selectionSet: {
            ...op.selectionSet,
            selections: [
              {
                ...field,
                selectionSet: {
                  ...field.selectionSet,
                  selections: [...field.selectionSet.selections, ...add],
                },
              },
              ...rest,
            ],
          },
        };
      },
    }),
  );
}

const at = (value, path) => path.split('.').reduce((v, k) => v?.[k], value);

function substitute(value, values, orgs) {
  if (typeof value === 'string')
    return value.replace(/\{\{(org:)?([^}]+)\}\}/g, (all, org, name) => {
      const found = org ? orgs.get(name)?.id : values.get(name);
      if (!found) throw new Error(`no value for placeholder ${all}`);
      return found;
    });
  if (Array.isArray(value)) return value.map((v) => substitute(v, values, orgs));
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, substitute(v, values, orgs)]),
    );
  return value;
}

/**
 * Prepares both lifecycles on a stack: publishes the bench's programmes through GraphQL and
 * returns the functions that run one lifecycle, through the engine or bare.
 */
export async function prepareLifecycles(stack) {
  const gql = graphql(stack.apiUrl);
  const mint = minter(stack.secret);
  const orgs = await organisationsByName(gql);
  for (const name of [CLUB, STATE])
    if (!orgs.has(name))
      throw new Error(`the demo organisation "${name}" is missing: load demo/ first`);
  const tokenOf = (name) => {
    const org = orgs.get(name);
    if (!org) throw new Error(`no organisation named ${name}`);
    return mint({ sub: `bench-${org.id}`, org: org.id, roles: ['member'] });
  };
  const admin = mint({ sub: 'bench-admin', roles: ['platform-admin'] });
  const subs = subscriptions(stack.apiUrl);

  // The 3x1 as in force in programmes/, under a key of its own with a yearly federal envelope
  // large enough for any number of runs (the real one takes ~700 projects a year).
  const full = parseYaml(readFileSync(join(root, 'programmes/mx-3x1.yaml'), 'utf8'));
  full.key = FULL_KEY;
  full.name = `${full.name} (bench)`;
  full.funding.envelopes = full.funding.envelopes?.map((e) => ({
    ...e,
    yearlyAmount: '1000000000000.00',
  }));
  for (const definition of [SIMPLE_PROGRAMME, full]) {
    await gql(
      'mutation($d: String!) { saveProgrammeDraft(definition: $d) { version } }',
      { d: JSON.stringify(definition) },
      admin,
    );
    await gql(
      'mutation($k: String!) { publishProgrammeDraft(key: $k) { version } }',
      { k: definition.key },
      admin,
    );
  }

  const stats = { selfMoved: 0 };
  /** Resolves once the application satisfies `predicate`: the answer already does, or a push says so. */
  const reached = async (id, answer, predicate) => {
    if (predicate(answer)) return answer;
    stats.selfMoved++;
    return subs.until(
      APPLICATION_CHANGED,
      { id },
      predicate,
      async () => (await gql(APPLICATION_STATE, { id })).application,
    );
  };

  // -- simple -------------------------------------------------------------------------------
  const SIMPLE_SUBMIT =
    'mutation($input: SubmitApplicationInput!) { submitApplication(input: $input) { id status activeStages } }';
  const SIMPLE_DECIDE =
    'mutation($input: DecideReviewInput!) { decideReview(input: $input) { status activeStages } }';
  const simpleInput = (i) => ({
    programmeKey: SIMPLE_KEY,
    title: `Bench ${i}`,
    sector: 'POTABLE_WATER',
    projectJurisdictionCode: 'MX-ZAC-020',
    totalAmount: '100000.00',
    parties: [
      { role: 'migrants', organisationId: orgs.get(CLUB).id },
      { role: 'state', organisationId: orgs.get(STATE).id },
    ],
  });
  async function simpleEngine(i, record) {
    let t = process.hrtime.bigint();
    const { submitApplication: a } = await gql(
      SIMPLE_SUBMIT,
      { input: simpleInput(i) },
      tokenOf(CLUB),
    );
    record('submitApplication', since(t));
    await reached(a.id, a, (x) => x.activeStages.includes('review'));
    t = process.hrtime.bigint();
    const { decideReview: d } = await gql(
      SIMPLE_DECIDE,
      { input: { applicationId: a.id, stageId: 'review', decision: 'APPROVE', reason: 'bench' } },
      tokenOf(STATE),
    );
    record('decideReview', since(t));
    await reached(a.id, d, (x) => x.status === 'COMPLETED');
    return a.id;
  }

  // -- 3x1 ----------------------------------------------------------------------------------
  const examples = join(root, 'docs/examples');
  const document = withState(readFileSync(join(examples, '3x1-jerez.graphql'), 'utf8'));
  const steps = JSON.parse(readFileSync(join(examples, '3x1-jerez.steps.json'), 'utf8'));
  const mutations = new Set(
    parse(document)
      .definitions.filter((d) => d.operation === 'mutation')
      .map((d) => d.name.value),
  );
  async function fullEngine(i, record) {
    const values = new Map();
    let state = null;
    let id = null;
    for (const [n, step] of steps.entries()) {
      if (id && step.waitForStage)
        state = await reached(id, state, (x) => x.activeStages.includes(step.waitForStage));
      if (id && step.waitForStatus)
        state = await reached(id, state, (x) => x.status === step.waitForStatus);
      const variables = substitute(step.variables ?? {}, values, orgs);
      if (variables.input?.programmeKey)
        variables.input = {
          ...variables.input,
          programmeKey: FULL_KEY,
          title: `${variables.input.title} ${i}`,
        };
      const t = process.hrtime.bigint();
      let data;
      try {
        data = await gql(
          document,
          variables,
          step.as ? tokenOf(step.as) : undefined,
          step.operation,
        );
      } catch (e) {
        throw new Error(
          `step ${n + 1} (${step.operation} as ${step.as ?? 'anyone'}): ${e.message}`,
        );
      }
      const answer = Object.values(data)[0];
      record(
        `${n + 1}. ${step.operation}${step.waitForStage ? ` ${step.waitForStage}` : ''}`,
        since(t),
        mutations.has(step.operation) ? 'update' : 'read',
      );
      for (const [key, path] of Object.entries(step.capture ?? {}))
        values.set(key, String(at(data, path)));
      if (step.capture?.applicationId) id = values.get('applicationId');
      if (mutations.has(step.operation)) state = answer;
      for (const [path, expected] of Object.entries(step.expect ?? {}))
        if (at(data, path) !== expected)
          throw new Error(`step ${n + 1}: ${path} is ${at(data, path)}, expected ${expected}`);
    }
    return id;
  }
  const fullUpdates = steps.filter((s) => mutations.has(s.operation)).length;

  return {
    gql,
    stats,
    simple: { engine: simpleEngine, updates: 2, reads: 0 },
    full: { engine: fullEngine, updates: fullUpdates, reads: steps.length - fullUpdates, steps },
    close: () => subs.dispose(),
  };
}

/** The bare lifecycle with a shape (from an engine history): its Updates through a Temporal client. */
export function bareLifecycle(client, taskQueue, shape, runId) {
  const input = { steps: shape.steps, padding: '', resultBytes: shape.avgResultBytes };
  input.padding = 'p'.repeat(Math.max(0, shape.inputBytes - JSON.stringify(input).length));
  const padding = 'a'.repeat(Math.max(0, shape.avgUpdateArgBytes - 40));
  return async function bare(i, record) {
    const workflowId = `bench-bare-${runId}-${i}`;
    let t = process.hrtime.bigint();
    await client.workflow.executeUpdateWithStart('bareStep', {
      args: [{ index: 0, padding }],
      updateId: `submit:${workflowId}`,
      startWorkflowOperation: new WithStartWorkflowOperation('bareLifecycleWorkflow', {
        workflowId,
        taskQueue,
        args: [input],
        workflowIdConflictPolicy: 'USE_EXISTING',
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
      }),
    });
    record('update 1 (with start)', since(t));
    const handle = client.workflow.getHandle(workflowId);
    for (let k = 1; k < shape.steps.length; k++) {
      t = process.hrtime.bigint();
      const reply = await handle.executeUpdate('bareStep', { args: [{ index: k, padding }] });
      record(`update ${k + 1}`, since(t));
      if (k === shape.steps.length - 1 && reply.status !== 'COMPLETED')
        throw new Error(`bare lifecycle ${workflowId} did not complete`);
    }
    return workflowId;
  };
}

/**
 * Runs `total` lifecycles, `concurrency` at a time, after `warmup` unmeasured ones. Returns
 * throughput and latencies: of whole lifecycles, and of each Update (mutation) and read.
 */
export async function runLifecycles({
  total,
  concurrency,
  warmup = 0,
  run,
  updatesPerLifecycle,
  processes = {},
}) {
  const { cpuMeter, pool } = await import('./client.mjs');
  const firstIds = [];
  const errors = [];
  if (warmup)
    await pool(concurrency, warmup, async (i) => {
      firstIds.push(await run(`w${i}-${Date.now()}`, () => undefined));
    });
  const lifecycles = [];
  const updates = [];
  const reads = [];
  const byStep = new Map();
  const ids = [];
  const meter = cpuMeter(processes);
  const seconds = await pool(concurrency, total, async (i) => {
    const start = process.hrtime.bigint();
    try {
      ids.push(
        await run(i, (name, ms, kind) => {
          (kind === 'read' ? reads : updates).push(ms);
          if (!byStep.has(name)) byStep.set(name, []);
          byStep.get(name).push(ms);
        }),
      );
      lifecycles.push(since(start));
    } catch (e) {
      errors.push(e);
    }
  });
  const cpu = meter.stop();
  return {
    seconds,
    /** CPU seconds each measured process spent per completed lifecycle. */
    cpuPerLifecycle: Object.fromEntries(
      Object.entries(cpu).map(([k, v]) => [k, v / Math.max(1, lifecycles.length)]),
    ),
    completed: lifecycles.length,
    errors,
    perSecond: lifecycles.length / seconds,
    updatesPerSecond: (lifecycles.length * updatesPerLifecycle) / seconds,
    lifecycle: percentiles(lifecycles),
    update: percentiles(updates),
    read: percentiles(reads),
    byStep: new Map([...byStep].map(([k, v]) => [k, percentiles(v)])),
    firstIds,
    ids,
  };
}

/** The shape of the engine's lifecycle, from the history of one that ran. */
export async function engineShape(client, applicationId) {
  return fetchShape(client, `application-${applicationId}`);
}
