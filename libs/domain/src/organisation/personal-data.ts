import type { Violation } from '../errors/violation';
import { OrganisationKind } from './organisation-kind';

/** Who a person taking part is: private to them and to the institutions that serve them. */
export interface PersonalData {
  legalName: string;
  birthDate?: string | null;
  identityDocument?: string | null;
  phone?: string | null;
  email?: string | null;
  address?: string | null;
}

/**
 * A person, and only a person, has personal data; it replaces a registration number (an
 * identity document is personal data, not a public register entry). `today` bounds the
 * birth date; `stored` says a person's data is on record already (a change of profile may
 * leave it as it is).
 */
export function checkPersonalData(
  kind: OrganisationKind,
  person: PersonalData | null | undefined,
  registrationNumber: string | null | undefined,
  today: string,
  stored = false,
): Violation[] {
  if (kind !== OrganisationKind.PERSON)
    return person ? [{ path: 'person', message: 'only a PERSON has personal data' }] : [];
  const out: Violation[] = [];
  if (!person && !stored)
    out.push({ path: 'person', message: 'a PERSON must give their personal data (legalName)' });
  else if (person && !person.legalName.trim())
    out.push({ path: 'person.legalName', message: 'must not be blank' });
  if (person?.birthDate && person.birthDate >= today)
    out.push({ path: 'person.birthDate', message: `must be before ${today}` });
  if (registrationNumber?.trim())
    out.push({
      path: 'registrationNumber',
      message: 'a person has no registration number: put an identity document in person',
    });
  return out;
}
