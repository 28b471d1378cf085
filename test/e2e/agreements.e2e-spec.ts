import { useDemoWorld, SUBMIT, submitAs, tokenFor } from '../support/demo-world';
import { errorCodes, gql } from '../support/graphql-client';
import { driveToCompletion } from '../support/procedure-driver';

// France's and Senegal's programmes through GraphQL, each step taken by the party the
// definition names: a local development project under the France–Mali agreement from the
// association's proposal to the commune's handover, drawing on the agreement component's
// envelopes; and Senegal's government-led programme approving a diaspora investment whose
// micro-loan is disbursed and repaid; and an expert mission under the agreement's mobility
// component, its budget itemised in expert days at a capped daily rate and trips.

const world = useDemoWorld();

const org = (name: string) => {
  const id = world.orgs.get(name);
  if (!id) throw new Error(`no demo organisation ${name}`);
  return id;
};

const submit = (input: Record<string, unknown>, as: string) =>
  submitAs(world.stack, world.orgs, input, as);

describe('programmes under agreements, and Senegal’s own', () => {
  it('runs a France–Mali local development project to handover on the agreement’s envelopes', async () => {
    const association = 'Association des ressortissants de Kayes à Montreuil';
    const id = await submit(
      {
        programmeKey: 'fr-ml-codev-local',
        title: 'Adduction d’eau à Kayes',
        sector: 'POTABLE_WATER',
        projectJurisdictionCode: 'ML-1-KAYES',
        totalAmount: '60000000',
        documents: [
          { documentType: 'PROJECT_PROPOSAL', uri: 'https://docs.example.org/kayes.pdf' },
        ],
        parties: [
          { role: 'association', organisationId: org(association) },
          { role: 'commune', organisationId: org('Commune de Kayes') },
          { role: 'fr-state', organisationId: org('Gouvernement de la République française') },
          { role: 'ml-state', organisationId: org('Gouvernement du Mali') },
          { role: 'operator', organisationId: org('Migrations et développement local (ONG)') },
        ],
      },
      association,
    );
    await driveToCompletion(world.stack.url, id);
    const res = await gql<{
      application: {
        status: string;
        plaqueText: string;
        ledger: { role: string; disbursed: string; exchangeDifference: { amount: string } }[];
      };
      agreement: {
        components: {
          key: string;
          envelopes: {
            role: string;
            amount: { amount: string; currency: string };
            committed: { amount: string };
          }[];
        }[];
      };
    }>(
      world.stack.url,
      `query($id: ID!) {
        application(id: $id) { status plaqueText ledger { role disbursed exchangeDifference { amount } } }
        agreement(key: "fr-ml-2000") { components { key envelopes { role amount { amount currency } committed { amount } } } } }`,
      { id },
    );
    const { application, agreement } = res.data!;
    expect(application.status).toBe('COMPLETED');
    expect(application.plaqueText).toContain('Commune de Kayes');
    // France paid its half in euros; converting back at the parity, tranche by tranche, leaves
    // a few francs of exchange difference, posted as such.
    const france = application.ledger.find((l) => l.role === 'fr-state')!;
    expect(Number(france.disbursed) - Number(france.exchangeDifference.amount)).toBe(30_000_000);
    // Half of the project from France, in euros at the fixed parity; a fifth from Mali, in CFA francs.
    expect(agreement.components[0].envelopes).toEqual([
      {
        role: 'fr-state',
        amount: { amount: '1500000.00', currency: 'EUR' },
        committed: { amount: '45734.71' },
      },
      {
        role: 'ml-state',
        amount: { amount: '300000000', currency: 'XOF' },
        committed: { amount: '12000000' },
      },
    ]);
  });

  it('runs a project Mali’s ministry proposes top-down under the same component', async () => {
    const ministry = 'Gouvernement du Mali';
    const id = await submit(
      {
        programmeKey: 'fr-ml-codev-local',
        title: 'Centre de santé de Kayes',
        sector: 'HEALTH_CENTRE',
        projectJurisdictionCode: 'ML-1-KAYES',
        totalAmount: '40000000',
        documents: [
          { documentType: 'PROJECT_PROPOSAL', uri: 'https://docs.example.org/sante.pdf' },
        ],
        parties: [
          {
            role: 'association',
            organisationId: org('Association des ressortissants de Kayes à Montreuil'),
          },
          { role: 'commune', organisationId: org('Commune de Kayes') },
          { role: 'fr-state', organisationId: org('Gouvernement de la République française') },
          { role: 'ml-state', organisationId: org(ministry) },
          { role: 'operator', organisationId: org('Migrations et développement local (ONG)') },
        ],
      },
      ministry,
    );
    await driveToCompletion(world.stack.url, id);
    const res = await gql<{ application: { status: string; applicant: { name: string } } }>(
      world.stack.url,
      `query($id: ID!) { application(id: $id) { status applicant { name } } }`,
      { id },
    );
    expect(res.data!.application).toEqual({ status: 'COMPLETED', applicant: { name: ministry } });
  });

  it('approves a diaspora investment under Senegal’s programme and collects its loan', async () => {
    const promoter = 'Atelier Ndiaye Couture';
    const id = await submit(
      {
        programmeKey: 'sn-faise-diaspora',
        title: 'Extension de l’atelier',
        sector: 'INCOME_GENERATING',
        projectJurisdictionCode: 'SN-TH-THIES',
        totalAmount: '20000000',
        documents: [{ documentType: 'BUSINESS_PLAN', uri: 'https://docs.example.org/atelier.pdf' }],
        parties: [
          { role: 'promoter', organisationId: org(promoter) },
          {
            role: 'fund',
            organisationId: org("Fonds d'appui à l'investissement des Sénégalais de l'extérieur"),
          },
          { role: 'lender', organisationId: org("Mutuelle d'épargne et de crédit de Thiès") },
        ],
      },
      promoter,
    );
    await driveToCompletion(world.stack.url, id);
    const res = await gql<{
      application: {
        status: string;
        history: { kind: string; stageId: string | null }[];
        loans: { principal: { amount: string }; position: { status: string } }[];
      };
    }>(
      world.stack.url,
      `query($id: ID!) { application(id: $id) { status history { kind stageId }
        loans { principal { amount } position { status } } } }`,
      { id },
    );
    const app = res.data!.application;
    expect(app.status).toBe('COMPLETED');
    expect(app.history).toContainEqual({ kind: 'REVIEW_APPROVED', stageId: 'technical-committee' });
    // Half of XOF 20 million lent, the fund's 20% capped at XOF 5 million being no limit here.
    expect(app.loans).toEqual([
      { principal: { amount: '10000000' }, position: { status: 'REPAID' } },
    ]);
  });

  it('funds an expert mission budgeted in days × daily rate from the mobility envelope', async () => {
    const network = 'Réseau des professionnels sénégalais de France';
    const mission = (costItems: unknown[], totalAmount: string) =>
      gql<{ submitApplication: { id: string } }>(
        world.stack.url,
        SUBMIT,
        {
          input: {
            programmeKey: 'fr-sn-codev-mobilite',
            title: 'Appui au laboratoire de microbiologie',
            sector: 'MOBILITY_OF_PROFESSIONALS',
            projectJurisdictionCode: 'SN',
            totalAmount,
            costItems,
            parties: [
              { role: 'network', organisationId: org(network) },
              { role: 'host', organisationId: org('Université Cheikh Anta Diop de Dakar') },
              { role: 'fr-state', organisationId: org('Gouvernement de la République française') },
            ],
          },
        },
        tokenFor(world.orgs, network),
      );
    const experts = {
      code: 'EXPERT_MISSION',
      description: 'Deux experts, huit jours chacun',
      quantity: '16',
      unitCost: '300',
    };
    const trips = { code: 'TRAVEL', description: 'Paris–Dakar', quantity: '2', unitCost: '635' };
    // The total is the lines' sum, the daily rate has a ceiling, the budget is itemised.
    const problems = async (items: unknown[], total: string) => {
      const res = await mission(items, total);
      expect(errorCodes(res)).toEqual(['BAD_USER_INPUT']);
      return (res.errors![0].extensions as { fields: { path: string }[] }).fields.map(
        (f) => f.path,
      );
    };
    expect(await problems([experts, trips], '6000')).toEqual(['input.totalAmount']);
    expect(await problems([{ ...experts, unitCost: '420' }, trips], '7990')).toEqual([
      'input.costItems[0].unitCost',
    ]);
    expect(await problems([], '6070')).toEqual(['input.costItems']);

    const res = await mission([experts, trips], '6070.00');
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    const id = res.data!.submitApplication.id;
    await driveToCompletion(world.stack.url, id);
    const view = await gql<{
      application: {
        status: string;
        costItems: { code: string; unit: string; amount: { amount: string } }[];
        fundingSplit: { role: string; amount: string }[];
      };
      agreement: { components: { key: string; envelopes: { committed: { amount: string } }[] }[] };
    }>(
      world.stack.url,
      `query($id: ID!) {
        application(id: $id) { status costItems { code unit amount { amount } } fundingSplit { role amount } }
        agreement(key: "fr-sn-2000") { components { key envelopes { committed { amount } } } } }`,
      { id },
    );
    const { application, agreement } = view.data!;
    expect(application.status).toBe('COMPLETED');
    expect(application.costItems).toEqual([
      { code: 'EXPERT_MISSION', unit: 'DAY', amount: { amount: '4800.00' } },
      { code: 'TRAVEL', unit: 'TRIP', amount: { amount: '1270.00' } },
    ]);
    expect(application.fundingSplit).toEqual([
      { role: 'fr-state', amount: '4856.00' },
      { role: 'host', amount: '1214.00' },
    ]);
    // France's 80% came out of the agreement's mobility envelope.
    expect(agreement.components.find((c) => c.key === 'mobility')!.envelopes).toEqual([
      { committed: { amount: '4856.00' } },
    ]);
  });
});
