import { errorCodes, gql } from '../support/graphql-client';
import { mintToken } from '../support/tokens';
import {
  act,
  BOOT_TIMEOUT,
  bootWorld,
  CLUB,
  FEDERAL,
  member,
  programme,
  publish,
  STATE,
  submit,
  waitFor,
  World,
} from './support';

// Who must act next: each application names the roles it waits for, the organisation playing
// each, the open stages and the earliest deadline on the clock of the zone that counts it; an
// organisation lists what waits for it across programmes.

let w: World;
const KEY = 'inbox-reviews';

const INBOX = `query($first: Int) { inbox(first: $first) { edges { node { id
  nextActions { role organisationId stageIds dueAt localDueAt timeZone } } } } }`;
type Inbox = {
  inbox: {
    edges: {
      node: {
        id: string;
        nextActions: {
          role: string;
          organisationId: string | null;
          stageIds: string[];
          dueAt: string | null;
          localDueAt: string | null;
          timeZone: string | null;
        }[];
      };
    }[];
  };
};
async function inboxOf(token: string) {
  const res = await gql<Inbox>(w.stack.url, INBOX, { first: 100 }, token);
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data!.inbox.edges.map((e) => e.node);
}

beforeAll(async () => {
  w = await bootWorld();
  await publish(
    w,
    programme(KEY, [
      {
        id: 'state-review',
        name: 'State review',
        kind: 'REVIEW',
        reviewer: 'state',
        deadline: { workingDays: 10 },
        onExpiry: { outcome: 'REJECT' },
      },
      { id: 'federal-review', name: 'Federal review', kind: 'REVIEW', reviewer: 'federal' },
    ]),
  );
}, BOOT_TIMEOUT);
afterAll(() => w?.stack.close());

describe('who must act next', () => {
  it('lists what waits for an organisation, with the open stage and its deadline in its zone, until it acts', async () => {
    const id = await submit(w, KEY);
    await waitFor(w, id, (a) => a.activeStages.includes('state-review'));
    const mine = (await inboxOf(member(w, STATE))).find((a) => a.id === id);
    expect(mine?.nextActions).toEqual([
      {
        role: 'state',
        organisationId: w.orgs.get(STATE),
        stageIds: ['state-review'],
        dueAt: expect.any(String),
        localDueAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT23:59:59\.999-0[56]:00$/),
        timeZone: 'America/Mexico_City',
      },
    ]);
    // Not the federal body's yet, nor the club's.
    expect((await inboxOf(member(w, FEDERAL))).map((a) => a.id)).not.toContain(id);
    expect((await inboxOf(member(w, CLUB))).map((a) => a.id)).not.toContain(id);

    await act(
      w,
      'decideReview',
      { applicationId: id, stageId: 'state-review', decision: 'APPROVE', reason: 'sound' },
      member(w, STATE),
    );
    await waitFor(w, id, (a) => a.activeStages.includes('federal-review'));
    expect((await inboxOf(member(w, STATE))).map((a) => a.id)).not.toContain(id);
    const federal = (await inboxOf(member(w, FEDERAL))).find((a) => a.id === id);
    expect(federal?.nextActions).toEqual([
      {
        role: 'federal',
        organisationId: w.orgs.get(FEDERAL),
        stageIds: ['federal-review'],
        dueAt: null,
        localDueAt: null,
        timeZone: null,
      },
    ]);
    await act(
      w,
      'decideReview',
      { applicationId: id, stageId: 'federal-review', decision: 'APPROVE', reason: 'sound' },
      member(w, FEDERAL),
    );
    await waitFor(w, id, (a) => a.status === 'COMPLETED');
    expect((await inboxOf(member(w, FEDERAL))).map((a) => a.id)).not.toContain(id);
  });

  it('is an organisation’s: refused without a token, and to a token naming no organisation', async () => {
    expect(errorCodes(await gql(w.stack.url, INBOX, {}))).toEqual(['UNAUTHENTICATED']);
    const auditor = mintToken({ sub: 'someone', roles: ['platform-admin'] });
    expect(errorCodes(await gql(w.stack.url, INBOX, {}, auditor))).toEqual(['BAD_USER_INPUT']);
  });
});
