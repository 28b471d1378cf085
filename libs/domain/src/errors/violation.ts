/** One problem with an input, named by the path of the field that has it. */
export interface Violation {
  /** Dotted path of the offending field, e.g. `input.originJurisdictionCode`. */
  path: string;
  message: string;
}

export function prefixViolations(prefix: string, violations: Violation[]): Violation[] {
  return violations.map((v) => ({ ...v, path: v.path ? `${prefix}.${v.path}` : prefix }));
}
