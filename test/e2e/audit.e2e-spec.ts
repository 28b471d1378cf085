import { DataSource } from 'typeorm';
import { potableWaterInJerez, submitAs, tokenFor, useDemoWorld } from '../support/demo-world';
import { errorCodes, gql } from '../support/graphql-client';
import { adminToken, mintToken } from '../support/tokens';

// The audit trail: every mutation — who, with which roles, when, what, how it ended, and its
// target's state before and after — readable by platform administrators only, with personal
// data withheld, and append-only in the database itself.

const world = useDemoWorld();

interface Entry {
  operation: string;
  subject: string | null;
  roles: string[];
  target: string | null;
  outcome: string;
  arguments: Record<string, unknown>;
  before: unknown;
  after: unknown;
}
const TRAIL = `query($target: String, $operation: String) { auditTrail(target: $target, operation: $operation) {
  id operation subject roles target outcome arguments before after } }`;
const trail = async (variables: Record<string, unknown>) => {
  const res = await gql<{ auditTrail: Entry[] }>(world.stack.url, TRAIL, variables, adminToken());
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data!.auditTrail;
};

describe('the audit trail', () => {
  it('records who retired a programme version, with its versions before and after', async () => {
    // Programmes loaded from files are the platform's: an administrator retires them.
    const designer = mintToken({ sub: 'designer-ana', roles: ['platform-admin'] });
    const res = await gql(
      world.stack.url,
      `mutation { retireProgrammeVersion(key: "mx-4x1", version: 1) { status } }`,
      {},
      designer,
    );
    expect(res.errors).toBeUndefined();
    const [entry] = await trail({ target: 'programme:mx-4x1' });
    expect(entry).toMatchObject({
      operation: 'retireProgrammeVersion',
      subject: 'designer-ana',
      roles: ['platform-admin'],
      outcome: 'OK',
      arguments: { key: 'mx-4x1', version: 1 },
      before: { versions: [{ version: 1, status: 'PUBLISHED' }] },
      after: { versions: [{ version: 1, status: 'RETIRED' }] },
    });
  });

  it('records refused steps too, and a new party without its personal data', async () => {
    const club = 'Club Jerezano de Los Ángeles';
    const id = await submitAs(
      world.stack,
      world.orgs,
      potableWaterInJerez(world.orgs, { title: 'Red de agua potable' }),
      club,
    );
    // The club cannot take SEDESOL's final review.
    const refused = await gql(
      world.stack.url,
      `mutation($input: DecideReviewInput!) { decideReview(input: $input) { status } }`,
      {
        input: { applicationId: id, stageId: 'national-review', decision: 'APPROVE', reason: 'x' },
      },
      tokenFor(world.orgs, club),
    );
    expect(errorCodes(refused).length).toBe(1);
    const entries = await trail({ target: `application:${id}` });
    expect(entries.map((e) => [e.operation, e.outcome])).toEqual([
      ['decideReview', errorCodes(refused)[0]],
      ['submitApplication', 'OK'],
    ]);
    expect(entries[0].before).toEqual(entries[0].after);

    const registered = await gql<{ registerOrganisation: { id: string } }>(
      world.stack.url,
      `mutation($input: RegisterOrganisationInput!) { registerOrganisation(input: $input) { id } }`,
      {
        input: {
          name: 'Emprunteuse de Kaolack',
          kind: 'PERSON',
          countryOfResidence: 'SN',
          person: { legalName: 'Fatou Sarr', birthDate: '1990-05-05' },
        },
      },
      adminToken(),
    );
    const person = registered.data!.registerOrganisation.id;
    const [entry] = await trail({ target: `organisation:${person}` });
    expect(entry.arguments).toEqual({
      input: {
        name: 'Emprunteuse de Kaolack',
        kind: 'PERSON',
        countryOfResidence: 'SN',
        person: '[withheld]',
      },
    });
    expect(JSON.stringify(entry)).not.toContain('Fatou');
    expect(entry.after).toMatchObject({ name: 'Emprunteuse de Kaolack', kind: 'PERSON' });
  });

  it('is read by platform administrators only and cannot be changed in the database', async () => {
    expect(errorCodes(await gql(world.stack.url, TRAIL, {}))).toEqual(['UNAUTHENTICATED']);
    expect(
      errorCodes(
        await gql(
          world.stack.url,
          TRAIL,
          {},
          tokenFor(world.orgs, 'Municipio de Jerez', ['org-admin']),
        ),
      ),
    ).toEqual(['FORBIDDEN']);
    const db = world.stack.app.get(DataSource);
    for (const statement of [
      `UPDATE audit_entry SET outcome = 'OK'`,
      `DELETE FROM audit_entry`,
      `TRUNCATE audit_entry`,
    ])
      await expect(db.query(statement)).rejects.toThrow(/append-only/);
    expect(
      ((await db.query(`SELECT count(*)::int AS n FROM audit_entry`)) as { n: number }[])[0].n,
    ).toBeGreaterThan(3);
  });
});
