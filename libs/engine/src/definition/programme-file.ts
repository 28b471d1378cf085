import { parse } from 'yaml';
import { Violation } from '@codev/domain/errors/violation';

/** Reads a definition written as YAML or JSON (YAML is a superset), or says where it is malformed. */
export function parseProgrammeText(
  text: string,
): { ok: true; value: unknown } | { ok: false; violations: Violation[] } {
  try {
    return { ok: true, value: parse(text, { strict: true, uniqueKeys: true }) as unknown };
  } catch (e) {
    return {
      ok: false,
      violations: [{ path: '', message: `not valid YAML or JSON: ${(e as Error).message}` }],
    };
  }
}
