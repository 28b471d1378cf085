import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { savingsAccountInput, workshopProjectInput } from '../support/thies-world';
import { useDemoWorld, SUBMIT, tokenFor } from '../support/demo-world';
import { gql } from '../support/graphql-client';
import { driveToCompletion } from '../support/procedure-driver';
import { IatiService } from '../../apps/api/src/transparency/iati.service';

// IATI 2.03 activity files at a stable URL, validated against the official schema
// (docs/standards/iati-2.03) with libxml2's XML Schema validator (scripts/iati-validate.mjs,
// a process of its own since libxml2-wasm is an ES module): a micro-credit project of
// the France–Senegal programme, run to the end, with its commitments, disbursements, loan
// disbursement, repayments and interest in their own currencies.

const VALIDATE = join(__dirname, '..', '..', 'scripts', 'iati-validate.mjs');

const world = useDemoWorld();

/** What the schema says of a document: nothing when it is valid. */
function problems(xml: string): string[] {
  const run = spawnSync(process.execPath, [VALIDATE], { input: xml, encoding: 'utf8' });
  return run.status === 0 ? [] : run.stdout.trim().split('\n');
}

describe('IATI activity files', () => {
  it('publish a programme’s projects as valid IATI 2.03, with their loans’ transactions', async () => {
    const res = await gql<{ submitApplication: { id: string } }>(
      world.stack.url,
      SUBMIT,
      {
        input: workshopProjectInput(world.orgs, 'Atelier de couture à Thiès'),
      },
      tokenFor(world.orgs, 'Atelier Ndiaye Couture'),
    );
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    const id = res.data!.submitApplication.id;
    await driveToCompletion(world.stack.url, id);

    const file = await fetch(
      `${world.stack.url}/iati/programmes/fr-sn-codev-investissement/activities.xml`,
    );
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toContain('application/xml');
    const xml = await file.text();
    expect(problems(xml)).toEqual([]);

    const activity = xml.slice(xml.indexOf(`<iati-identifier>XX-CODEV-${id}`));
    const types = [...activity.matchAll(/<transaction-type code="(\d+)"\/>/g)].map((m) => m[1]);
    // Commitments, disbursements (the grant, the contribution and the loan), the loan's
    // principal repaid and its fee as interest; the French grant in euros, the rest in CFA francs.
    expect(new Set(types)).toEqual(new Set(['2', '3', '5', '6']));
    expect(activity).toContain('<value currency="EUR"');
    expect(activity).toContain('<value currency="XOF"');
    expect(activity).toContain('<finance-type code="421"/>');
    expect(activity).toContain('<activity-status code="4"/>');
    expect(activity).toContain('<sector vocabulary="1" code="32130" percentage="100"/>');
    expect(activity).toContain('<recipient-country code="SN" percentage="100"/>');
  });

  it('refuses what the schema refuses, and names no person', async () => {
    expect(problems('<iati-activities version="2.03"><iati-activity/></iati-activities>')).toEqual([
      "stdin: line 1: Element 'iati-activity': Missing child element(s). Expected is ( iati-identifier ).",
    ]);
    const unknown = await fetch(
      `${world.stack.url}/iati/programmes/no-such-programme/activities.xml`,
    );
    expect(unknown.status).toBe(404);
    // A programme without projects has no file: IATI's schema wants at least one activity.
    const empty = await fetch(`${world.stack.url}/iati/programmes/mx-2x1-zacatecas/activities.xml`);
    expect(empty.status).toBe(404);
    expect(await empty.text()).toContain('has no projects to publish yet');
    // A bad token on a plain HTTP route is the client's mistake, answered as such.
    const forged = await fetch(`${world.stack.url}/iati/programmes/mx-3x1/activities.xml`, {
      headers: { authorization: 'Bearer not-a-token' },
    });
    expect(forged.status).toBe(401);
    expect(await forged.json()).toMatchObject({ code: 'UNAUTHENTICATED' });

    // A saver is a person: her account's activity names her as a private individual only.
    const saver = 'Épargnante de Montreuil (Thiès)';
    const res = await gql<{ submitApplication: { id: string } }>(
      world.stack.url,
      SUBMIT,
      {
        input: savingsAccountInput(world.orgs, 'Épargne pour un atelier'),
      },
      tokenFor(world.orgs, saver),
    );
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    const xml = await (
      await fetch(`${world.stack.url}/iati/programmes/fr-epargne-codeveloppement/activities.xml`)
    ).text();
    expect(problems(xml)).toEqual([]);
    expect(xml).toContain('<narrative>Private individual</narrative>');
    expect(xml).not.toContain('Épargnante');
  });

  it('streams a programme a page at a time: read page by page, the file is the file read whole', async () => {
    for (const title of ['Atelier de menuiserie à Thiès', 'Boulangerie à Mbour']) {
      const res = await gql<{ submitApplication: { id: string } }>(
        world.stack.url,
        SUBMIT,
        { input: workshopProjectInput(world.orgs, title) },
        tokenFor(world.orgs, 'Atelier Ndiaye Couture'),
      );
      if (res.errors) throw new Error(JSON.stringify(res.errors));
    }
    const iati = world.stack.app.get(IatiService);
    const generatedAt = new Date('2026-12-04T12:00:00Z');
    const read = async (pageSize: number) => {
      const pieces = await iati.programmeFile('fr-sn-codev-investissement', {
        pageSize,
        generatedAt,
      });
      let xml = '';
      if ('missing' in pieces) throw new Error(pieces.missing);
      for await (const piece of pieces) xml += piece;
      return xml;
    };
    const whole = await read(500);
    const byOne = await read(1);
    expect(whole.match(/<iati-activity /g)!.length).toBeGreaterThanOrEqual(3);
    expect(byOne).toBe(whole);
    expect(problems(byOne)).toEqual([]);
  });
});
