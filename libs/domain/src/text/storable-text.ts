import type { Violation } from '../errors/violation';

/**
 * Control characters no text column should hold: PostgreSQL refuses NUL outright (in text and
 * in jsonb), and the others are invisible garbage in a name or a reason. Tab, line feed and
 * carriage return stay allowed: people write paragraphs.
 */
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
/** A lone UTF-16 surrogate cannot be stored as UTF-8: it would come back as U+FFFD. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/** Text that shows nothing: only spaces, line breaks, zero-width and other format characters. */
const INVISIBLE = /^[\s\p{Cf}\p{Cc}\p{Zs}\p{Zl}\p{Zp}\u115F\u1160\u3164\uFFA0]+$/u;

/** What is wrong with one string a client sent, if anything. */
export function textProblem(text: string): string | null {
  if (CONTROL.test(text)) return 'must not contain control characters';
  if (LONE_SURROGATE.test(text)) return 'must be well-formed Unicode text';
  if (text.length > 0 && INVISIBLE.test(text)) return 'must not be blank';
  return null;
}

/**
 * Every string in a value a client sent (arguments, nested inputs, JSON payloads, object
 * keys included), checked against the one rule for stored text, each problem named by its path.
 * One rule at the door, so that nothing accepted here fails later in a column or a workflow.
 */
export function unstorableText(value: unknown, path = ''): Violation[] {
  if (typeof value === 'string') {
    const problem = textProblem(value);
    return problem ? [{ path, message: `${path || 'value'} ${problem}` }] : [];
  }
  if (Array.isArray(value)) return value.flatMap((v, i) => unstorableText(v, join(path, `${i}`)));
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    return Object.entries(value).flatMap(([key, v]) => {
      const at = join(path, key);
      const problem = textProblem(key);
      return [
        ...(problem ? [{ path: at, message: `the key ${JSON.stringify(key)} ${problem}` }] : []),
        ...unstorableText(v, at),
      ];
    });
  }
  return [];
}

const join = (path: string, key: string) => (path ? `${path}.${key}` : key);
