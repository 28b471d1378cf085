/**
 * Argument names whose values are personal data or secrets: never written to the trail
 * (`target`: a notification's e-mail address or webhook URL, which may carry a key; `ballot`:
 * a resident's vote in a consultation, which is secret — the trail says who voted, not how).
 */
const PRIVATE_KEYS = new Set(['person', 'token', 'password', 'secret', 'target', 'ballot']);
/** Long texts (a programme definition) are kept to this many characters. */
const MAX_TEXT = 2000;
/** What jsonb cannot hold (NUL, lone surrogates), kept visible as U+FFFD in a refused request's entry. */
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const storable = (text: string) => text.replace(UNSTORABLE, '\uFFFD');

/**
 * Arguments as the audit trail keeps them: personal data and secrets replaced by a marker,
 * long texts cut (their length said), what jsonb cannot hold replaced, everything else as the
 * caller sent it — a refused request is recorded too.
 */
export function redactArguments(value: unknown, key?: string): unknown {
  if (key && PRIVATE_KEYS.has(key)) return value == null ? value : '[withheld]';
  if (typeof value === 'string')
    return storable(
      value.length > MAX_TEXT ? `${value.slice(0, MAX_TEXT)}… [${value.length} characters]` : value,
    );
  if (Array.isArray(value)) return value.map((v) => redactArguments(v));
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([k, v]) => [
        storable(k),
        redactArguments(v, k),
      ]),
    );
  return value;
}
