import { Principal, Role } from '@codev/auth';
import { CodevError, ErrorCode } from '@codev/domain';
import { assertSteward, directivePublisher, ownerOfNewProgramme } from './programme-stewardship';

const ORG = '00000000-0000-4000-8000-000000000001';
const OTHER = '00000000-0000-4000-8000-000000000002';
const who = (organisationId: string | null, ...roles: Role[]): Principal => ({
  subject: 's',
  organisationId,
  roles: new Set(roles),
});
const code = (f: () => unknown) => {
  try {
    f();
    return 'allowed';
  } catch (e) {
    return (e as CodevError).code;
  }
};

describe('programme stewardship', () => {
  it('gives a new programme to the designer’s organisation, and to the platform when an administrator names none', () => {
    expect(ownerOfNewProgramme(who(ORG, Role.ProgrammeDesigner))).toBe(ORG);
    expect(ownerOfNewProgramme(who(null, Role.PlatformAdmin))).toBeNull();
    expect(code(() => ownerOfNewProgramme(who(null, Role.ProgrammeDesigner)))).toBe(
      ErrorCode.Forbidden,
    );
  });

  it('lets only the owner’s designers or an administrator change a programme', () => {
    const owned = { key: 'p', ownerOrganisationId: ORG };
    const platforms = { key: 'p', ownerOrganisationId: null };
    expect(code(() => assertSteward(who(ORG, Role.ProgrammeDesigner), owned))).toBe('allowed');
    expect(code(() => assertSteward(who(OTHER, Role.ProgrammeDesigner), owned))).toBe(
      ErrorCode.Forbidden,
    );
    expect(code(() => assertSteward(who(null, Role.ProgrammeDesigner), owned))).toBe(
      ErrorCode.Forbidden,
    );
    expect(code(() => assertSteward(who(ORG, Role.ProgrammeDesigner), platforms))).toBe(
      ErrorCode.Forbidden,
    );
    expect(code(() => assertSteward(who(null, Role.PlatformAdmin), owned))).toBe('allowed');
  });

  it('has national directives published by a national government body of their country only', () => {
    const body = (
      governmentLevel: string | null,
      countryOfResidence = 'ES',
      kind = 'GOVERNMENT_BODY',
    ) => ({
      id: ORG,
      name: 'X',
      kind,
      governmentLevel,
      countryOfResidence,
    });
    const designer = who(ORG, Role.ProgrammeDesigner);
    expect(directivePublisher(designer, 'ES', body('NATIONAL'))).toBe(ORG);
    for (const o of [
      body('LOCAL'),
      body('REGIONAL'),
      body('NATIONAL', 'FR'),
      body(null, 'ES', 'NGO'),
      null,
    ])
      expect(code(() => directivePublisher(designer, 'ES', o))).toBe(ErrorCode.Forbidden);
    expect(directivePublisher(who(null, Role.PlatformAdmin), 'ES', null)).toBeNull();
  });
});
