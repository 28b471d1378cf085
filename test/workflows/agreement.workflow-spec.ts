import {
  act,
  attempt,
  BOOT_TIMEOUT,
  bootWorld,
  CLUB,
  designerToken,
  expectRefusedAtSave,
  FEDERAL,
  member,
  programme,
  publish,
  STATE,
  submit,
  waitFor,
  World,
} from './support';
import { gql } from '../support/graphql-client';
import { AgreementService } from '../../apps/api/src/agreements/agreement.service';

// Agreements as data: a component's yearly envelope is shared by every programme under it,
// so two programmes of one agreement cannot together commit more than the agreement allows;
// an application that ends early gives its share back. Programmes name their component and
// are refused when the agreement does not list them.

let w: World;
const AGREEMENT = {
  key: 'mx-test-agreement',
  name: 'Test agreement',
  parties: [
    { role: 'state', label: 'State', organisation: STATE, country: 'MX' },
    { role: 'federal', label: 'Federal', organisation: FEDERAL, country: 'MX' },
  ],
  steeringCommittee: {
    members: [
      { role: 'state', seats: 1 },
      { role: 'federal', seats: 1 },
    ],
    chair: 'federal',
    quorum: 2,
  },
  components: [
    {
      key: 'small',
      name: 'A small component',
      kind: 'LOCAL_DEVELOPMENT',
      programmes: ['agreement-a', 'agreement-b'],
      envelopes: [{ funder: 'state', currency: 'MXN', yearlyAmount: '150000.00' }],
    },
  ],
};
const underAgreement = (key: string) => ({
  ...programme(key, [
    { id: 'eligibility', name: 'Eligibility', kind: 'CHECK' },
    { id: 'commitment', name: 'Commitment', kind: 'COMMITMENT' },
    { id: 'final-review', name: 'Final review', kind: 'REVIEW', reviewer: 'state' },
  ]),
  agreement: { key: AGREEMENT.key, component: 'small' },
});

const COMPONENT = `query { agreement(key: "mx-test-agreement") {
  name parties { role organisation { name } }
  components { key programmes envelopes { role amount { amount currency } committed { amount } available { amount } } } } }`;
async function component() {
  const res = await gql<{
    agreement: {
      components: {
        envelopes: { role: string; committed: { amount: string }; available: { amount: string } }[];
      }[];
    };
  }>(w.stack.url, COMPONENT, {});
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data!.agreement;
}

beforeAll(async () => {
  w = await bootWorld();
  const service = w.stack.app.get(AgreementService);
  await service.load(service.parse(JSON.stringify(AGREEMENT)));
  await publish(w, underAgreement('agreement-a'));
  await publish(w, underAgreement('agreement-b'));
}, BOOT_TIMEOUT);
afterAll(() => w?.stack.close());

describe('an agreement component', () => {
  it('shares its yearly envelope among its programmes, and gets back what an ended application held', async () => {
    expect((await component()).components[0]).toMatchObject({ key: 'small', envelopes: [] });
    const first = await submit(w, 'agreement-a');
    await waitFor(w, first, (a) => a.activeStages.includes('final-review'));
    expect((await component()).components[0].envelopes).toEqual([
      expect.objectContaining({
        role: 'state',
        amount: { amount: '150000.00', currency: 'MXN' },
        committed: { amount: '100000.00' },
        available: { amount: '50000.00' },
      }),
    ]);
    // Another programme of the same component: the agreement's year cannot take it.
    const second = await submit(w, 'agreement-b');
    const refused = await waitFor(w, second, (a) => a.status === 'REJECTED');
    expect(refused.history.at(-1)!.reason).toMatch(
      /^the state envelope for \d{4} cannot take 100000\.00 MXN more$/,
    );
    // The first is withdrawn: its share returns to the component, and the other programme
    // can commit.
    const withdrawn = await attempt(
      w,
      'withdrawApplication',
      { applicationId: first, reason: 'plans changed' },
      member(w, CLUB),
    );
    expect(withdrawn.codes).toEqual([]);
    expect((await component()).components[0].envelopes[0].committed).toEqual({ amount: '0.00' });
    const third = await submit(w, 'agreement-b');
    await waitFor(w, third, (a) => a.activeStages.includes('final-review'));
    await act(
      w,
      'decideReview',
      { applicationId: third, stageId: 'final-review', decision: 'APPROVE', reason: 'ok' },
      member(w, STATE),
    );
    expect((await component()).components[0].envelopes[0].committed).toEqual({
      amount: '100000.00',
    });
  });

  it('shows the agreements loaded from agreements/, their parties bound to organisations', async () => {
    const res = await gql<{
      agreements: { key: string; parties: { organisation: { name: string } }[] }[];
    }>(
      w.stack.url,
      `query { agreements { key parties { role diaspora organisation { name } } components { key kind programmes } } }`,
      {},
    );
    expect(res.data!.agreements.map((a) => a.key)).toEqual(
      expect.arrayContaining(['fr-ml-2000', 'fr-sn-2000', 'mx-test-agreement']),
    );
    const senegal = res.data!.agreements.find((a) => a.key === 'fr-sn-2000')!;
    expect(senegal.parties.map((p) => p.organisation.name)).toEqual([
      'Gouvernement de la République française',
      'Gouvernement du Sénégal',
      'Asociación de Senegaleses de Madrid',
    ]);
  });

  it('refuses a programme its component does not list, or whose shares miss an envelope funder', async () => {
    await expectRefusedAtSave(w, underAgreement('agreement-c'), [
      {
        path: 'definition.agreement.component',
        message: 'component "small" of "mx-test-agreement" does not list programme "agreement-c"',
      },
    ]);
    const noState: Record<string, unknown> = underAgreement('agreement-a');
    noState.funding = { shares: [{ role: 'migrants', weight: '1' }] };
    const res = await gql(
      w.stack.url,
      `mutation($d: String!) { saveProgrammeDraft(definition: $d) { version } }`,
      { d: JSON.stringify(noState) },
      designerToken(w),
    );
    expect(res.errors?.[0]?.extensions?.fields).toEqual([
      {
        path: 'definition.funding.shares',
        message: 'the component\'s envelope of "state" needs a share of that role',
      },
    ]);
    expect(
      (
        await gql(
          w.stack.url,
          `mutation($d: String!) { saveProgrammeDraft(definition: $d) { version } }`,
          {
            d: JSON.stringify({
              ...underAgreement('agreement-a'),
              agreement: { key: 'nope', component: 'x' },
            }),
          },
          designerToken(w),
        )
      ).errors?.[0]?.extensions?.fields,
    ).toEqual([{ path: 'definition.agreement.key', message: 'no agreement "nope" is loaded' }]);
  });
});
