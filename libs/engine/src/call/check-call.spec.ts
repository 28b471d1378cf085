import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseProgrammeText } from '../definition/programme-file';
import { CallDefinition, DirectiveDefinition } from './call-definition.schema';
import {
  checkCallAgainstDirectives,
  checkRegistration,
  parseCall,
  parseDirective,
} from './check-call';

const ROOT = join(__dirname, '..', '..', '..', '..');

function read(folder: string, file: string): unknown {
  const parsed = parseProgrammeText(readFileSync(join(ROOT, folder, file), 'utf8'));
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.violations));
  return parsed.value;
}

function call(file: string): CallDefinition {
  const parsed = parseCall(read('calls', file));
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.violations));
  return parsed.value;
}

const planDirector = ((): DirectiveDefinition => {
  const parsed = parseDirective(read('directives', 'es-plan-director-2009-2012.yaml'));
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.violations));
  return parsed.value;
})();

describe('call and directive files', () => {
  it.each(readdirSync(join(ROOT, 'calls')))('%s is a valid call', (file) => {
    expect(parseCall(read('calls', file))).toMatchObject({ ok: true });
  });

  it('the central directive excludes immigration control and return', () => {
    expect(planDirector.excludedObjectives).toEqual(['IMMIGRATION_CONTROL', 'RETURN_MIGRATION']);
  });

  it('the Basque call adheres to the directive and keeps to it', () => {
    const donostia = call('es-donostia-2010.yaml');
    expect(donostia.adheresTo).toEqual(['es-plan-director-2009-2012']);
    expect(checkCallAgainstDirectives(donostia, [planDirector])).toEqual([]);
  });
});

describe('checkCallAgainstDirectives', () => {
  it('refuses a call that pursues what a directive it adheres to excludes, with every reason', () => {
    const donostia = call('es-donostia-2010.yaml');
    const contrary = {
      ...donostia,
      objectives: ['GENDER', 'RETURN_MIGRATION'],
      priorities: ['IMMIGRATION_CONTROL'],
      year: 2014,
    };
    expect(checkCallAgainstDirectives(contrary, [planDirector])).toEqual([
      {
        path: 'objectives[1]',
        message:
          'Plan Director de la Cooperación Española 2009–2012 excludes the objective RETURN_MIGRATION',
      },
      {
        path: 'priorities[0]',
        message:
          'Plan Director de la Cooperación Española 2009–2012 excludes IMMIGRATION_CONTROL; it cannot be a priority',
      },
      {
        path: 'year',
        message: 'Plan Director de la Cooperación Española 2009–2012 covers 2009–2012, not 2014',
      },
    ]);
  });

  it('does not bind a body that goes alone', () => {
    const regional = { ...call('es-comunidad-madrid-2009.yaml'), objectives: ['RETURN_MIGRATION'] };
    expect(checkCallAgainstDirectives(regional, [planDirector])).toEqual([]);
  });

  it('names a directive that does not exist', () => {
    const c = { ...call('es-donostia-2010.yaml'), adheresTo: ['es-plan-director-1990'] };
    expect(checkCallAgainstDirectives(c, [planDirector])).toEqual([
      { path: 'adheresTo[0]', message: 'no directive "es-plan-director-1990" is published' },
    ]);
  });
});

describe('parseCall', () => {
  it('checks the window, the money and the criteria against each other', () => {
    const raw = read('calls', 'es-madrid-ayuntamiento-2008.yaml') as Record<string, unknown>;
    const broken = {
      ...raw,
      window: { opens: '2008-04-02T14:00', closes: '2008-03-03T09:00', timeZone: 'Europe/Madrid' },
      maximumPerProject: '3000000.00',
      tieBreaks: [{ by: 'CRITERION', criterionId: 'charisma' }],
    };
    const parsed = parseCall(broken);
    expect(parsed.ok ? [] : parsed.violations.map((v) => v.path)).toEqual([
      'window.closes',
      'maximumPerProject',
      'tieBreaks[0].criterionId',
    ]);
  });

  it('names shape problems by path', () => {
    const raw = read('calls', 'es-madrid-ayuntamiento-2008.yaml') as Record<string, unknown>;
    const parsed = parseCall({ ...raw, budget: '-1', eligibleApplicantKinds: ['CARTEL'] });
    // A value may break two rules of one field (format and sign); each field is named once here.
    expect(parsed.ok ? [] : [...new Set(parsed.violations.map((v) => v.path))].sort()).toEqual([
      'budget',
      'eligibleApplicantKinds[0]',
    ]);
  });
});

describe('checkRegistration', () => {
  const madrid = () => call('es-madrid-ayuntamiento-2008.yaml');
  it('accepts an applicant based in the issuing municipality', () => {
    expect(checkRegistration(madrid(), 'ES-MD-28079', 'ES-MD-28079')).toEqual([]);
  });
  it('refuses one based elsewhere or nowhere', () => {
    expect(checkRegistration(madrid(), 'ES-MD-28079', 'ES-PV-48020')).toEqual([
      {
        path: 'applicantOrganisationId',
        message: 'the applicant must be registered in ES-MD-28079 (REGISTERED_IN_MUNICIPALITY)',
      },
    ]);
    expect(checkRegistration(madrid(), 'ES-MD-28079', null)).toHaveLength(1);
  });
  it('reads a regional requirement as the region of the issuer', () => {
    const regional = { ...madrid(), registrationRequirements: ['REGISTERED_IN_REGION' as const] };
    expect(checkRegistration(regional, 'ES-MD-28079', 'ES-MD-28005')).toEqual([]);
  });
});
