import * as countries from 'i18n-iso-countries';
import { Violation } from '../errors/violation';

/**
 * Jurisdictions nest country → subdivision → municipality, and their codes nest the same way:
 * ISO 3166-1 alpha-2 (`MX`), ISO 3166-2 (`MX-ZAC`), then a local statistical code appended to
 * the subdivision (`MX-ZAC-020` with INEGI's municipal code, `ES-MD-28079` with INE's).
 */
export enum JurisdictionKind {
  COUNTRY = 'COUNTRY',
  SUBDIVISION = 'SUBDIVISION',
  MUNICIPALITY = 'MUNICIPALITY',
}

/** The tier of government whose territory a jurisdiction is. */
export enum GovernmentLevel {
  NATIONAL = 'NATIONAL',
  REGIONAL = 'REGIONAL',
  LOCAL = 'LOCAL',
}

export const GOVERNMENT_LEVEL_OF: Record<JurisdictionKind, GovernmentLevel> = {
  [JurisdictionKind.COUNTRY]: GovernmentLevel.NATIONAL,
  [JurisdictionKind.SUBDIVISION]: GovernmentLevel.REGIONAL,
  [JurisdictionKind.MUNICIPALITY]: GovernmentLevel.LOCAL,
};

export interface ParsedJurisdictionCode {
  code: string;
  kind: JurisdictionKind;
  countryCode: string;
  /** Code of the enclosing jurisdiction; absent for a country. */
  parentCode?: string;
}

const SUBDIVISION = /^([A-Z]{2})-([A-Z0-9]{1,3})$/;
const MUNICIPALITY = /^([A-Z]{2}-[A-Z0-9]{1,3})-([A-Z0-9]{1,10})$/;

export function isIsoCountryCode(code: string): boolean {
  return /^[A-Z]{2}$/.test(code) && countries.isValid(code);
}

/** Parses a jurisdiction code, or returns the reason it is not one. */
export function parseJurisdictionCode(
  raw: string,
): { ok: true; value: ParsedJurisdictionCode } | { ok: false; reason: string } {
  const code = raw.trim().toUpperCase();
  if (/^[A-Z]{2}$/.test(code)) {
    return isIsoCountryCode(code)
      ? { ok: true, value: { code, kind: JurisdictionKind.COUNTRY, countryCode: code } }
      : { ok: false, reason: `"${raw}" is not an ISO 3166-1 alpha-2 country code` };
  }
  const municipality = MUNICIPALITY.exec(code);
  const subdivision = SUBDIVISION.exec(code);
  const countryCode = code.slice(0, 2);
  if ((municipality || subdivision) && !isIsoCountryCode(countryCode)) {
    return { ok: false, reason: `"${countryCode}" is not an ISO 3166-1 alpha-2 country code` };
  }
  if (subdivision) {
    return {
      ok: true,
      value: { code, kind: JurisdictionKind.SUBDIVISION, countryCode, parentCode: countryCode },
    };
  }
  if (municipality) {
    return {
      ok: true,
      value: {
        code,
        kind: JurisdictionKind.MUNICIPALITY,
        countryCode,
        parentCode: municipality[1],
      },
    };
  }
  return {
    ok: false,
    reason:
      `"${raw}" is not a jurisdiction code: expected a country (MX), ` +
      'a subdivision (MX-ZAC) or a municipality (MX-ZAC-020)',
  };
}

/** Checks a code against the kind a caller says it is, naming `path` in each violation. */
export function checkJurisdictionCode(
  raw: string,
  path: string,
  expectedKind?: JurisdictionKind,
): Violation[] {
  const parsed = parseJurisdictionCode(raw);
  if (!parsed.ok) return [{ path, message: parsed.reason }];
  if (expectedKind && parsed.value.kind !== expectedKind) {
    return [
      {
        path,
        message: `"${raw}" is a ${parsed.value.kind.toLowerCase()} code, expected a ${expectedKind.toLowerCase()} code`,
      },
    ];
  }
  return [];
}
