import { Client, Connection } from '@temporalio/client';
import { type Client as WsClient, createClient } from 'graphql-ws';
import { SEARCH_ATTRIBUTES } from '@codev/engine';
import WebSocket from 'ws';
import { loadDemoWorld, SUBMIT, step, tokenFor } from '../support/demo-world';
import { gql } from '../support/graphql-client';
import { startTestStack, TestStack } from '../support/test-stack';

// State changes are pushed over graphql-ws as the workflow commits them (PostgreSQL
// LISTEN/NOTIFY to the API): a client follows an application without polling.
let stack: TestStack;
let orgs: Map<string, string>;
let client: WsClient;

beforeAll(async () => {
  stack = await startTestStack({ worker: true });
  orgs = await loadDemoWorld(stack);
  client = createClient({
    url: `${stack.url.replace(/^http/, 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    retryAttempts: 0,
  });
});
afterAll(async () => {
  await client?.dispose();
  await stack?.close();
});

/** Collects a subscription's events until `until` holds for one of them. */
function follow<T>(
  query: string,
  variables: Record<string, unknown>,
  until: (event: T) => boolean,
): { events: T[]; done: Promise<void>; ready: Promise<void> } {
  const events: T[] = [];
  let ready!: () => void;
  const readyP = new Promise<void>((r) => (ready = r));
  const done = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`no event matched; got ${JSON.stringify(events)}`));
    }, 20_000);
    const stop = client.subscribe<T>(
      { query, variables },
      {
        next: (result) => {
          if (result.errors) return reject(new Error(JSON.stringify(result.errors)));
          const event = (result.data as Record<string, T>)[Object.keys(result.data!)[0]];
          events.push(event);
          if (until(event)) {
            clearTimeout(timer);
            stop();
            resolve();
          }
        },
        error: reject,
        complete: () => undefined,
      },
    );
    // The server confirms nothing on subscribe; a short pause lets the socket open and LISTEN run.
    setTimeout(ready, 500);
  });
  return { events, done, ready: readyP };
}

describe('subscriptions', () => {
  it('push each change of an application as its workflow records it, with fresh nested fields', async () => {
    const names = {
      migrants: 'Club Jerezano de Los Ángeles',
      municipal: 'Municipio de Jerez',
      state: 'Gobierno del Estado de Zacatecas',
      federal: 'SEDESOL',
      'federal-delegation': 'SEDESOL Delegación Zacatecas',
      'state-planning': 'COPLADE Zacatecas',
      community: 'Comité de Obra de Jerez',
      'works-committee': 'Comité de Obra de Jerez',
    };
    const submitted = await gql<{ submitApplication: { id: string; activeStages: string[] } }>(
      stack.url,
      SUBMIT,
      {
        input: {
          programmeKey: 'mx-3x1',
          title: 'Alumbrado en Jerez',
          sector: 'ELECTRIFICATION',
          projectJurisdictionCode: 'MX-ZAC-020',
          totalAmount: '400000.00',
          documents: [{ documentType: 'PROJECT_PROPOSAL', uri: 'https://docs.example.org/p.pdf' }],
          parties: Object.entries(names).map(([role, name]) => ({
            role,
            organisationId: orgs.get(name),
          })),
        },
      },
      tokenFor(orgs, names.migrants),
    );
    expect(submitted.errors).toBeUndefined();
    const id = submitted.data!.submitApplication.id;
    // The mutation answered once the workflow had taken the application in: no polling needed.
    expect(submitted.data!.submitApplication.activeStages).toEqual(['covam-validation']);
    // ...and says who acts next: every seat of the committee.
    const next = await gql<{ application: { waitingFor: string[] } }>(
      stack.url,
      `query($id: ID!) { application(id: $id) { waitingFor } }`,
      { id },
    );
    expect(next.data!.application.waitingFor.sort()).toEqual(
      ['federal-delegation', 'migrants', 'municipal', 'state'].sort(),
    );
    // ...and Temporal lists it by programme, version, place and status.
    const temporal = new Client({
      connection: await Connection.connect({ address: process.env.TEMPORAL_ADDRESS! }),
    });
    const described = await temporal.workflow.getHandle(`application-${id}`).describe();
    const index = described.typedSearchAttributes;
    expect([
      index.get(SEARCH_ATTRIBUTES.programme),
      index.get(SEARCH_ATTRIBUTES.version),
      index.get(SEARCH_ATTRIBUTES.jurisdiction),
      index.get(SEARCH_ATTRIBUTES.status),
    ]).toEqual(['mx-3x1', 1, 'MX-ZAC-020', 'IN_REVIEW']);
    await temporal.connection.close();

    const votes = follow<{ status: string; history: { kind: string }[] }>(
      `subscription($id: ID!) { applicationChanged(id: $id) { status activeStages history { kind } } }`,
      { id },
      (a) => a.history.filter((e) => e.kind === 'VOTE').length === 2,
    );
    await votes.ready;
    for (const role of ['federal-delegation', 'state'] as const) {
      await step(
        stack,
        'castCommitteeVote',
        { applicationId: id, stageId: 'covam-validation', role, vote: 'FOR', reason: 'de acuerdo' },
        tokenFor(orgs, names[role]),
      );
    }
    await votes.done;
    // One event per vote, each read afresh: the second shows both votes.
    expect(votes.events.map((e) => e.history.filter((x) => x.kind === 'VOTE').length)).toEqual([
      1, 2,
    ]);
  });

  it('holds subscriptions to the depth limit of queries', async () => {
    const nested = 'parent { '.repeat(10) + 'name' + ' }'.repeat(10);
    const refused = await new Promise<unknown>((resolve) => {
      client.subscribe(
        {
          query: `subscription { applicationChanged(id: "00000000-0000-0000-0000-000000000000") {
            parties { organisation { jurisdiction { ${nested} } } } } }`,
        },
        { next: resolve, error: resolve, complete: () => undefined },
      );
    });
    expect(JSON.stringify(refused)).toMatch(/depth/i);
  });
});
