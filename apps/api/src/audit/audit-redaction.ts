/** Argument names whose values are personal data or secrets: never written to the trail. */
const PRIVATE_KEYS = new Set(['person', 'token', 'password', 'secret']);
/** Long texts (a programme definition) are kept to this many characters. */
const MAX_TEXT = 2000;

/**
 * Arguments as the audit trail keeps them: personal data and secrets replaced by a marker,
 * long texts cut (their length said), everything else as the caller sent it.
 */
export function redactArguments(value: unknown, key?: string): unknown {
  if (key && PRIVATE_KEYS.has(key)) return value == null ? value : '[withheld]';
  if (typeof value === 'string')
    return value.length > MAX_TEXT
      ? `${value.slice(0, MAX_TEXT)}… [${value.length} characters]`
      : value;
  if (Array.isArray(value)) return value.map((v) => redactArguments(v));
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, redactArguments(v, k)]),
    );
  return value;
}
