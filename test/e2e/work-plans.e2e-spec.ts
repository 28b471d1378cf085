import { useDemoWorld } from '../support/demo-world';
import { errorCodes, gql } from '../support/graphql-client';
import { mintToken } from '../support/tokens';

// The France–Senegal agreement's annual work plan through GraphQL: France, which chairs the
// joint steering committee, proposes the year's allocations per component; the committee's
// seats (two per state, one for the diaspora) vote; the plan is approved as soon as no vote
// left can overturn it and the year's component envelopes take its amounts. A plan whose vote
// closes without a quorum is rejected, and a new one may be proposed.

const FRANCE = 'Gouvernement de la République française';
const SENEGAL = 'Gouvernement du Sénégal';
const DIASPORA = 'Asociación de Senegaleses de Madrid';

const world = useDemoWorld();

/** A member of the organisation's delegation: each person holds one seat. */
const delegate = (name: string, person = 1) =>
  mintToken({
    sub: `delegate-${person}-of-${name}`,
    org: world.orgs.get(name)!,
    roles: ['member'],
  });

const PLAN = `id year status reason allocations { component funder amount { amount currency } } votes { role vote }`;
const PROPOSE = `mutation($input: ProposeWorkPlanInput!) { proposeWorkPlan(input: $input) { ${PLAN} } }`;
const VOTE = `mutation($input: CastWorkPlanVoteInput!) { castWorkPlanVote(input: $input) { ${PLAN} } }`;
interface Plan {
  id: string;
  status: string;
  reason: string | null;
  votes: { role: string; vote: string }[];
}

const allocations = [
  { component: 'migrant-investment', funder: 'fr-state', amount: '800000' },
  { component: 'local-development', funder: 'fr-state', amount: '2500000' },
  { component: 'local-development', funder: 'sn-state', amount: '600000000' },
];
const propose = (input: Record<string, unknown>, token: string) =>
  gql<{ proposeWorkPlan: Plan }>(
    world.stack.url,
    PROPOSE,
    { input: { agreementKey: 'fr-sn-2000', ...input } },
    token,
  );
const vote = (year: number, v: string, token: string, reason = 'Conforme aux priorités') =>
  gql<{ castWorkPlanVote: Plan }>(
    world.stack.url,
    VOTE,
    { input: { agreementKey: 'fr-sn-2000', year, vote: v, reason } },
    token,
  );

describe('an agreement’s annual work plan', () => {
  it('is proposed by the chair, approved by the joint committee and sets the year’s envelopes', async () => {
    // Only a co-chair proposes; a plan names real components and funders with envelopes.
    const refused = await propose({ year: 2027, allocations }, delegate(DIASPORA));
    expect(errorCodes(refused)).toEqual(['FORBIDDEN']);
    const bad = await propose(
      { year: 2027, allocations: [{ component: 'mobility', funder: 'sn-state', amount: '1' }] },
      delegate(FRANCE),
    );
    expect(errorCodes(bad)).toEqual(['BAD_USER_INPUT']);
    expect(JSON.stringify(bad.errors)).toContain('input.allocations[0].funder');

    const first = await propose(
      { year: 2027, allocations, note: 'Priorité à Thiès' },
      delegate(FRANCE),
    );
    const plan = first.data!.proposeWorkPlan;
    expect(plan.status).toBe('PROPOSED');
    // A retry finds the same plan; another plan for the year is refused while it lives.
    const again = await propose(
      { year: 2027, allocations, note: 'Priorité à Thiès' },
      delegate(FRANCE),
    );
    expect(again.data!.proposeWorkPlan.id).toBe(plan.id);
    expect(
      errorCodes(
        await propose({ year: 2027, allocations: allocations.slice(1) }, delegate(FRANCE)),
      ),
    ).toEqual(['CONFLICT']);

    // One vote per person and per seat; organisations without a seat do not vote.
    expect((await vote(2027, 'FOR', delegate(FRANCE))).data!.castWorkPlanVote.status).toBe(
      'PROPOSED',
    );
    expect(errorCodes(await vote(2027, 'FOR', delegate(FRANCE)))).toEqual(['CONFLICT']);
    expect(errorCodes(await vote(2027, 'FOR', delegate('Atelier Ndiaye Couture')))).toEqual([
      'FORBIDDEN',
    ]);
    expect((await vote(2027, 'FOR', delegate(SENEGAL))).data!.castWorkPlanVote.status).toBe(
      'PROPOSED',
    );
    // The third vote for, with two seats left, decides: the answer comes once it is written.
    const decided = (await vote(2027, 'FOR', delegate(DIASPORA))).data!.castWorkPlanVote;
    expect(decided).toMatchObject({ status: 'APPROVED' });
    expect(decided.votes.map((v) => v.role).sort()).toEqual(['diaspora', 'fr-state', 'sn-state']);
    expect(errorCodes(await vote(2027, 'AGAINST', delegate(SENEGAL, 2)))).toEqual(['CONFLICT']);

    const envelopes = await gql<{
      agreement: {
        components: {
          key: string;
          envelopes: { role: string; amount: { amount: string; currency: string } }[];
        }[];
      };
    }>(
      world.stack.url,
      `{ agreement(key: "fr-sn-2000") { components { key envelopes(year: 2027) { role amount { amount currency } } } } }`,
    );
    expect(
      Object.fromEntries(envelopes.data!.agreement.components.map((c) => [c.key, c.envelopes])),
    ).toEqual({
      'migrant-investment': [
        { role: 'fr-state', amount: { amount: '800000.00', currency: 'EUR' } },
      ],
      'local-development': [
        { role: 'fr-state', amount: { amount: '2500000.00', currency: 'EUR' } },
        { role: 'sn-state', amount: { amount: '600000000', currency: 'XOF' } },
      ],
      mobility: [],
    });
  });

  it('is rejected when its vote closes without a quorum, and may be proposed again', async () => {
    const votesBy = new Date(Date.now() + 3_000).toISOString();
    const plan = (await propose({ year: 2028, allocations, votesBy }, delegate(SENEGAL))).data!
      .proposeWorkPlan;
    await vote(2028, 'FOR', delegate(SENEGAL));
    const read = async () =>
      (
        await gql<{ agreement: { workPlans: Plan[] } }>(
          world.stack.url,
          `{ agreement(key: "fr-sn-2000") { workPlans(year: 2028) { ${PLAN} } } }`,
        )
      ).data!.agreement.workPlans;
    let plans = await read();
    for (let i = 0; i < 100 && plans[0].status === 'PROPOSED'; i++) {
      await new Promise((r) => setTimeout(r, 200));
      plans = await read();
    }
    expect(plans[0]).toMatchObject({
      id: plan.id,
      status: 'REJECTED',
      reason: 'no quorum: 1 of 3 members voted',
    });
    const anew = await propose(
      { year: 2028, allocations: allocations.slice(0, 1) },
      delegate(FRANCE),
    );
    expect(anew.data!.proposeWorkPlan.status).toBe('PROPOSED');
    expect((await read()).map((p) => p.status)).toEqual(['PROPOSED', 'REJECTED']);
  });
});
