import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify, parse } from 'yaml';
import { ProgrammeService } from '../../apps/api/src/programmes/programme.service';
import { loadProgrammeFiles } from '../../apps/api/src/cli/programme-files';
import { errorCodes, gql } from '../support/graphql-client';
import { loadDemoPrerequisites } from '../support/demo-world';
import { startTestStack, TestStack } from '../support/test-stack';
import { mintToken } from '../support/tokens';

const firstMessage = (res: { errors?: readonly { message: string }[] }) => res.errors?.[0]?.message;
const PROGRAMMES = join(__dirname, '..', '..', 'programmes');
const threeByOneText = readFileSync(join(PROGRAMMES, 'mx-3x1.yaml'), 'utf8');
const admin = mintToken({ sub: 'admin', roles: ['platform-admin'] });
/** Designers of demo organisations, set once they are registered. */
let designer: string;
let orgs: Map<string, string>;
const designerOf = (name: string) =>
  mintToken({ sub: `designer-of-${name}`, org: orgs.get(name)!, roles: ['programme-designer'] });

const SAVE = `mutation($d: String!) { saveProgrammeDraft(definition: $d) { id programmeKey version status rulesLabel } }`;
const PUBLISH = `mutation($k: String!) { publishProgrammeDraft(key: $k) { version status publishedAt } }`;
const READ = `query($k: String!) { programme(key: $k) { key name inForce { version rulesLabel } versions { version status retiredAt } } }`;

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack();
  // Some programmes run under agreements, whose parties are organisations; designers design
  // for an organisation.
  await loadDemoPrerequisites(stack);
  const rows = (await stack.db.dataSource.query(`SELECT id, name FROM organisation`)) as {
    id: string;
    name: string;
  }[];
  orgs = new Map(rows.map((r) => [r.name, r.id]));
  designer = designerOf('SEDESOL');
});
afterAll(() => stack?.close());

describe('programme versions', () => {
  it('go draft → published, and a new version retires the old one', async () => {
    const first = await gql<{ saveProgrammeDraft: Record<string, unknown> }>(
      stack.url,
      SAVE,
      { d: threeByOneText },
      designer,
    );
    expect(first.errors).toBeUndefined();
    expect(first.data!.saveProgrammeDraft).toMatchObject({
      programmeKey: 'mx-3x1',
      version: 1,
      status: 'DRAFT',
    });
    expect((await gql(stack.url, PUBLISH, { k: 'mx-3x1' }, designer)).errors).toBeUndefined();

    const v2 = parse(threeByOneText) as Record<string, unknown>;
    v2.rulesLabel = 'Reglas de operación 2007';
    const second = await gql<{ saveProgrammeDraft: { version: number } }>(
      stack.url,
      SAVE,
      { d: JSON.stringify(v2) },
      designer,
    );
    expect(second.data!.saveProgrammeDraft.version).toBe(2);
    const read1 = await gql<{ programme: { inForce: { version: number } } }>(stack.url, READ, {
      k: 'mx-3x1',
    });
    expect(read1.data!.programme.inForce.version).toBe(1); // a draft changes nothing in force

    await gql(stack.url, PUBLISH, { k: 'mx-3x1' }, designer);
    const read2 = await gql<{
      programme: {
        inForce: { version: number; rulesLabel: string };
        versions: { version: number; status: string }[];
      };
    }>(stack.url, READ, { k: 'mx-3x1' });
    expect(read2.data!.programme.inForce).toEqual({
      version: 2,
      rulesLabel: 'Reglas de operación 2007',
    });
    expect(read2.data!.programme.versions.map((v) => [v.version, v.status])).toEqual([
      [2, 'PUBLISHED'],
      [1, 'RETIRED'],
    ]);
  });

  it('drafts can be thrown away by their stewards, leaving what is in force', async () => {
    const DISCARD = `mutation($k: String!) { discardProgrammeDraft(key: $k) }`;
    const v3 = parse(threeByOneText) as Record<string, unknown>;
    v3.rulesLabel = 'Borrador que no prospera';
    await gql(stack.url, SAVE, { d: JSON.stringify(v3) }, designer);
    const versions = async () =>
      (
        await gql<{ programme: { versions: { version: number; status: string }[] } }>(
          stack.url,
          READ,
          { k: 'mx-3x1' },
        )
      ).data!.programme.versions.map((v) => `${v.version}:${v.status}`);
    expect(await versions()).toEqual(['3:DRAFT', '2:PUBLISHED', '1:RETIRED']);
    // Not by another organisation's designer.
    expect(
      errorCodes(await gql(stack.url, DISCARD, { k: 'mx-3x1' }, designerOf('Municipio de Jerez'))),
    ).toEqual(['FORBIDDEN']);
    const discarded = await gql<{ discardProgrammeDraft: boolean }>(
      stack.url,
      DISCARD,
      { k: 'mx-3x1' },
      designer,
    );
    expect(discarded.data!.discardProgrammeDraft).toBe(true);
    expect(await versions()).toEqual(['2:PUBLISHED', '1:RETIRED']);
    // A retry finds nothing to throw away; an unknown programme is NOT_FOUND.
    const again = await gql<{ discardProgrammeDraft: boolean }>(
      stack.url,
      DISCARD,
      { k: 'mx-3x1' },
      designer,
    );
    expect(again.data!.discardProgrammeDraft).toBe(false);
    expect(errorCodes(await gql(stack.url, DISCARD, { k: 'no-such-thing' }, designer))).toEqual([
      'NOT_FOUND',
    ]);
  });

  it('come back with a warning when share weights are neither percentages nor equal ratios', async () => {
    const d = parse(threeByOneText) as { key: string; funding: { shares: { weight: string }[] } };
    d.key = 'mx-3x1-weights';
    d.funding.shares[3].weight = '20';
    const saved = await gql<{
      saveProgrammeDraft: { warnings: { path: string; message: string }[] };
    }>(
      stack.url,
      `mutation($d: String!) { saveProgrammeDraft(definition: $d) { warnings { path message } } }`,
      { d: stringify(d) },
      designer,
    );
    expect(saved.errors).toBeUndefined();
    expect(saved.data!.saveProgrammeDraft.warnings).toEqual([
      { path: 'funding.shares', message: expect.stringMatching(/^weights add up to 95, not 100/) },
    ]);
  });

  it('refuse a deadline without an expiry path, and a plaque placeholder that does not exist', async () => {
    const d = parse(threeByOneText) as {
      key: string;
      procedure: { stages: Record<string, unknown>[] };
    };
    d.key = 'mx-3x1-strict';
    const review = d.procedure.stages.find((s) => s.id === 'coplade-review')!;
    review.deadline = { workingDays: 10 };
    const handover = d.procedure.stages.find((s) => s.id === 'handover')!;
    handover.plaque = 'Obra {{project}} de {{club}}';
    const res = await gql(stack.url, SAVE, { d: stringify(d) }, designer);
    expect(errorCodes(res)).toEqual(['BAD_USER_INPUT']);
    expect((res.errors![0].extensions!.fields as { path: string }[]).map((f) => f.path)).toEqual([
      'definition.procedure.stages[4].onExpiry',
      'definition.procedure.stages[9].plaque',
    ]);
  });

  it('are immutable once published, even to direct SQL', async () => {
    await expect(
      stack.db.dataSource.query(`UPDATE programme_version SET definition = '{}' WHERE version = 1`),
    ).rejects.toThrow(/cannot change/);
    await expect(
      stack.db.dataSource.query(`DELETE FROM programme_version WHERE version = 2`),
    ).rejects.toThrow(/cannot be deleted/);
  });

  it('refuse an invalid definition with the path of each problem, writing nothing', async () => {
    const bad = parse(threeByOneText) as {
      key: string;
      funding: { shares: { ceiling?: string }[] };
    };
    bad.key = 'mx-3x1-broken';
    bad.funding.shares[2].ceiling = '0';
    const res = await gql(stack.url, SAVE, { d: stringify(bad) }, designer);
    expect(errorCodes(res)).toEqual(['BAD_USER_INPUT']);
    expect(res.errors![0].extensions!.fields).toEqual([
      { path: 'definition.funding.shares[2].ceiling', message: 'must be positive' },
    ]);
    expect(
      await stack.db.dataSource.query(`SELECT 1 FROM programme WHERE key = 'mx-3x1-broken'`),
    ).toEqual([]);
    const garbage = await gql(stack.url, SAVE, { d: 'key: [unclosed' }, designer);
    expect(errorCodes(garbage)).toEqual(['BAD_USER_INPUT']);
  });

  it('are written by programme designers only', async () => {
    expect(errorCodes(await gql(stack.url, SAVE, { d: threeByOneText }))).toEqual([
      'UNAUTHENTICATED',
    ]);
    const clubMember = mintToken({ sub: 'club', roles: ['member', 'org-admin'] });
    expect(errorCodes(await gql(stack.url, SAVE, { d: threeByOneText }, clubMember))).toEqual([
      'FORBIDDEN',
    ]);
  });

  it('belong to the organisation whose designer created them: no other may change, publish or retire them', async () => {
    const owner = `query { programme(key: "mx-3x1") { owner { name } versions { version } } }`;
    const before = await gql<{ programme: { owner: { name: string }; versions: unknown[] } }>(
      stack.url,
      owner,
    );
    expect(before.data!.programme.owner).toEqual({ name: 'SEDESOL' });
    const municipal = designerOf('Municipio de Jerez');
    const orgless = mintToken({ sub: 'nobody', roles: ['programme-designer'] });
    const retire = `mutation { retireProgrammeVersion(key: "mx-3x1", version: 2) { status } }`;
    for (const token of [municipal, orgless]) {
      expect(errorCodes(await gql(stack.url, SAVE, { d: threeByOneText }, token))).toEqual([
        'FORBIDDEN',
      ]);
      expect(errorCodes(await gql(stack.url, PUBLISH, { k: 'mx-3x1' }, token))).toEqual([
        'FORBIDDEN',
      ]);
      expect(errorCodes(await gql(stack.url, retire, {}, token))).toEqual(['FORBIDDEN']);
    }
    expect(firstMessage(await gql(stack.url, SAVE, { d: threeByOneText }, municipal))).toMatch(
      /belongs to another organisation/,
    );
    // A designer naming no organisation cannot start a programme either.
    const fresh = parse(threeByOneText) as { key: string };
    fresh.key = 'mx-3x1-orphan';
    expect(firstMessage(await gql(stack.url, SAVE, { d: stringify(fresh) }, orgless))).toMatch(
      /must name the organisation/,
    );
    const after = await gql<{ programme: { versions: unknown[] } }>(stack.url, owner);
    expect(after.data!.programme.versions).toEqual(before.data!.programme.versions);

    // A platform administrator hands it over; the new owner's designers then steward it.
    const transfer = `mutation($o: ID) { transferProgramme(key: "mx-3x1", organisationId: $o) { owner { name } } }`;
    expect(
      errorCodes(await gql(stack.url, transfer, { o: orgs.get('Municipio de Jerez') }, designer)),
    ).toEqual(['FORBIDDEN']);
    const moved = await gql<{ transferProgramme: { owner: { name: string } } }>(
      stack.url,
      transfer,
      { o: orgs.get('Municipio de Jerez') },
      admin,
    );
    expect(moved.data!.transferProgramme.owner).toEqual({ name: 'Municipio de Jerez' });
    expect(errorCodes(await gql(stack.url, retire, {}, designer))).toEqual(['FORBIDDEN']);
    // Its owner's from then on: the file in programmes/ no longer publishes it.
    const service = stack.app.get(ProgrammeService);
    const loader = { subject: 'loader', organisationId: null, roles: new Set(['platform-admin']) };
    expect(await service.publishIfChanged(service.parse(threeByOneText), loader)).toBe(false);
    const after2 = await gql<{ programme: { versions: unknown[] } }>(stack.url, owner);
    expect(after2.data!.programme.versions).toEqual(before.data!.programme.versions);
    // Handed back to the platform (no organisation), the files publish it again (below).
    const back = await gql(stack.url, transfer, { o: null }, admin);
    expect(back.errors).toBeUndefined();
  });

  it('have national directives published by a national government body of their country only', async () => {
    const directive = (key: string) =>
      stringify({
        key,
        name: 'Plan Director de prueba',
        country: 'ES',
        validFrom: '2009-01-01',
        validTo: '2012-12-31',
        excludedObjectives: ['RETURN_MIGRATION'],
        nationalPriorities: ['GOVERNANCE'],
      });
    const PUBLISH_DIRECTIVE = `mutation($d: String!) { publishDirective(definition: $d) { key } }`;
    for (const name of ['Ayuntamiento de Madrid', 'Comunidad de Madrid', 'SEDESOL']) {
      const refused = await gql(
        stack.url,
        PUBLISH_DIRECTIVE,
        { d: directive('es-test-plan') },
        designerOf(name),
      );
      expect(errorCodes(refused)).toEqual(['FORBIDDEN']);
      expect(firstMessage(refused)).toMatch(/national government body of ES/);
    }
    expect(
      await stack.db.dataSource.query(`SELECT 1 FROM directive WHERE key = 'es-test-plan'`),
    ).toEqual([]);
    const published = await gql(
      stack.url,
      PUBLISH_DIRECTIVE,
      { d: directive('es-test-plan') },
      designerOf('Gobierno de España'),
    );
    expect(published.errors).toBeUndefined();
    expect(
      await stack.db.dataSource.query(
        `SELECT published_by_organisation_id AS by FROM directive WHERE key = 'es-test-plan'`,
      ),
    ).toEqual([{ by: orgs.get('Gobierno de España') }]);
  });

  it('publishing without a draft is NOT_FOUND; retiring a retired version is a CONFLICT', async () => {
    // mx-3x1 is the platform's again (above): its administrator's to publish or retire.
    expect(errorCodes(await gql(stack.url, PUBLISH, { k: 'mx-3x1' }, admin))).toEqual([
      'NOT_FOUND',
    ]);
    const retire = `mutation { retireProgrammeVersion(key: "mx-3x1", version: 1) { status } }`;
    expect(errorCodes(await gql(stack.url, retire, {}, admin))).toEqual(['CONFLICT']);
  });

  it('load from programmes/ once, then find nothing changed', async () => {
    const service = stack.app.get(ProgrammeService);
    const first = await loadProgrammeFiles(PROGRAMMES, service);
    expect(first.map((r) => r.key).sort()).toEqual([
      'es-codesarrollo',
      'es-ma-piloto-nador',
      'fr-epargne-codeveloppement',
      'fr-ml-codev-local',
      'fr-sn-codev-investissement',
      'fr-sn-codev-mobilite',
      'mx-1x1-zacatecas',
      'mx-2x1-zacatecas',
      'mx-3x1',
      'mx-3x1-convocatoria-estatal',
      'mx-4x1',
      'mx-consulta-prioridades',
      'mx-gto-mi-comunidad',
      'sn-faise-diaspora',
    ]);
    // mx-3x1's file differs from version 2 published above, so it becomes version 3.
    expect(first.every((r) => r.published)).toBe(true);
    const again = await loadProgrammeFiles(PROGRAMMES, service);
    expect(again.some((r) => r.published)).toBe(false);
  });
});
