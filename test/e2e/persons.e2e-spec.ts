import { DataSource } from 'typeorm';
import { SAVER, BANK, WORKSHOP, LENDER, savingsAccountInput } from '../support/thies-world';
import { useDemoWorld, submitAs, tokenFor } from '../support/demo-world';
import { assertOk, errorCodes, gql } from '../support/graphql-client';
import { driveToCompletion } from '../support/procedure-driver';
import { adminToken } from '../support/tokens';

// Persons as parties: a saver's or a borrower's party name is an alias, and who they are is
// seen by them and by the financial institutions in their applications, by nobody else. A
// person borrows like any applicant, and the lender's last receipt, sent again after the
// application ended, is answered as the first time.

const world = useDemoWorld();

const org = (name: string) => world.orgs.get(name)!;
const submit = (input: Record<string, unknown>, as: string) =>
  submitAs(world.stack, world.orgs, input, as);

describe('persons as parties', () => {
  it('shows a person’s data to them and to their bank or lender only', async () => {
    const PERSONAL = `query($id: ID!) { organisation(id: $id) { name kind personalData { legalName birthDate } } }`;
    const seenBy = async (id: string, who?: string) =>
      (
        await gql<{ organisation: { personalData: { legalName: string } | null } }>(
          world.stack.url,
          PERSONAL,
          { id },
          who ? tokenFor(world.orgs, who) : undefined,
        )
      ).data!.organisation.personalData?.legalName ?? null;
    // Before she opens an account, her bank is no party of hers and sees nothing.
    expect(await seenBy(org(SAVER), BANK)).toBeNull();
    await submitAs(
      world.stack,
      world.orgs,
      savingsAccountInput(world.orgs, 'Épargne pour un atelier'),
      SAVER,
    );
    expect(await seenBy(org(SAVER), SAVER)).toBe('Awa Ndiaye');
    expect(await seenBy(org(SAVER), BANK)).toBe('Awa Ndiaye');
    expect(await seenBy(org(SAVER), WORKSHOP)).toBeNull();
    expect(await seenBy(org(SAVER))).toBeNull();

    // A returning migrant registers as a person and borrows under Senegal's programme.
    const REGISTER = `mutation($input: RegisterOrganisationInput!) { registerOrganisation(input: $input) { id name } }`;
    const person = {
      name: 'Promoteur de Thiès (retour de France)',
      kind: 'PERSON',
      countryOfResidence: 'SN',
      jurisdictionCode: 'SN-TH-THIES',
    };
    const missing = await gql(world.stack.url, REGISTER, { input: person }, adminToken());
    expect(errorCodes(missing)).toEqual(['BAD_USER_INPUT']);
    expect(JSON.stringify(missing.errors)).toContain('input.person');
    const registered = await gql<{ registerOrganisation: { id: string } }>(
      world.stack.url,
      REGISTER,
      {
        input: {
          ...person,
          person: {
            legalName: 'Mamadou Diop',
            birthDate: '1979-11-20',
            identityDocument: 'CNI 1 234 5678',
          },
        },
      },
      adminToken(),
    );
    const borrower = assertOk(registered).data!.registerOrganisation.id;
    world.orgs.set(person.name, borrower);
    const FUND = "Fonds d'appui à l'investissement des Sénégalais de l'extérieur";
    // Before he applies, no institution serves him: the lender sees nothing yet.
    expect(await seenBy(borrower, LENDER)).toBeNull();
    const id = await submit(
      {
        programmeKey: 'sn-faise-diaspora',
        title: 'Boulangerie à Thiès',
        sector: 'INCOME_GENERATING',
        projectJurisdictionCode: 'SN-TH-THIES',
        totalAmount: '8000000',
        documents: [
          { documentType: 'BUSINESS_PLAN', uri: 'https://docs.example.org/boulangerie.pdf' },
        ],
        parties: [
          { role: 'promoter', organisationId: borrower },
          { role: 'fund', organisationId: org(FUND) },
          { role: 'lender', organisationId: org(LENDER) },
        ],
      },
      person.name,
    );
    expect(await seenBy(borrower, person.name)).toBe('Mamadou Diop');
    expect(await seenBy(borrower, LENDER)).toBe('Mamadou Diop');
    // The fund is a party too, but not a financial institution: it sees the alias only.
    expect(await seenBy(borrower, FUND)).toBeNull();
    expect(await seenBy(borrower, BANK)).toBeNull();
    await driveToCompletion(world.stack.url, id);
    const loans = await gql<{
      application: { status: string; loans: { position: { status: string } }[] };
    }>(
      world.stack.url,
      `query($id: ID!) { application(id: $id) { status loans { position { status } } } }`,
      { id },
    );
    expect(loans.data!.application).toEqual({
      status: 'COMPLETED',
      loans: [{ position: { status: 'REPAID' } }],
    });
    // The lender's batch is sent twice: the last receipt, after the application ended, is
    // answered as the first time; the same reference with another amount is not.
    const [last] = (await world.stack.app.get(DataSource).query(
      `SELECT e.reference, trim_scale(e.amount)::text AS amount, to_char(e.occurred_on, 'YYYY-MM-DD') AS on
         FROM loan_event e JOIN loan l ON l.id = e.loan_id WHERE l.application_id = $1`,
      [id],
    )) as { reference: string; amount: string; on: string }[];
    const repay = (amount: string) =>
      gql<{ recordLoanRepayment: { status: string } }>(
        world.stack.url,
        `mutation($input: RecordLoanRepaymentInput!) { recordLoanRepayment(input: $input) { status } }`,
        {
          input: {
            applicationId: id,
            stageId: 'credit',
            reference: last.reference,
            amount,
            receivedOn: last.on,
          },
        },
        tokenFor(world.orgs, LENDER),
      );
    expect(assertOk(await repay(last.amount)).data!.recordLoanRepayment.status).toBe('COMPLETED');
    expect(errorCodes(await repay('1'))).toEqual(['CONFLICT']);
  });
});
