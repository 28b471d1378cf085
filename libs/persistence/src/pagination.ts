import { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { CodevError, textProblem } from '@codev/domain';

export interface PageArgs {
  first: number;
  after?: string | null;
}

export interface Page<T> {
  nodes: T[];
  cursors: string[];
  hasNextPage: boolean;
}

export const MAX_PAGE_SIZE = 200;

function encodeCursor(sortValue: string, id: string): string {
  return Buffer.from(JSON.stringify([sortValue, id])).toString('base64url');
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/;

/** Sort values of a column this kind, as cursors carry them. */
export type SortKind = 'text' | 'instant';

const validSort: Record<SortKind, (v: string) => boolean> = {
  text: (v) => v.length <= 1000 && textProblem(v) === null,
  instant: (v) => ISO_INSTANT.test(v) && !Number.isNaN(Date.parse(v)),
};

/**
 * A cursor's contents, checked as strictly as a client's input: a forged one (any id that is
 * not an id, a date that is not a date, a NUL) is the client's mistake, not the database's.
 */
function decodeCursor(cursor: string, kind: SortKind): [string, string] {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(value) &&
      value.length === 2 &&
      typeof value[0] === 'string' &&
      typeof value[1] === 'string' &&
      validSort[kind](value[0]) &&
      UUID.test(value[1])
    ) {
      return value as [string, string];
    }
  } catch {
    // fall through to the typed error
  }
  throw CodevError.badInput([{ path: 'after', message: 'is not a cursor returned by this list' }]);
}

/**
 * Keyset pagination on (sortColumn, id): stable under inserts and served by the
 * (…, sort, id) indexes, unlike OFFSET, which reads and discards every skipped row.
 */
export async function keysetPage<T extends ObjectLiteral & { id: string }>(
  qb: SelectQueryBuilder<T>,
  args: PageArgs,
  sort: { column: string; value: (row: T) => string; kind?: SortKind },
): Promise<Page<T>> {
  if (!Number.isInteger(args.first) || args.first < 1 || args.first > MAX_PAGE_SIZE) {
    throw CodevError.badInput([
      { path: 'first', message: `must be between 1 and ${MAX_PAGE_SIZE}` },
    ]);
  }
  const alias = qb.alias;
  if (args.after) {
    const [sortValue, id] = decodeCursor(args.after, sort.kind ?? 'text');
    qb.andWhere(`(${alias}.${sort.column}, ${alias}.id) > (:cursorSort, :cursorId)`, {
      cursorSort: sortValue,
      cursorId: id,
    });
  }
  const rows = await qb
    .orderBy(`${alias}.${sort.column}`, 'ASC')
    .addOrderBy(`${alias}.id`, 'ASC')
    .limit(args.first + 1)
    .getMany();
  const nodes = rows.slice(0, args.first);
  return {
    nodes,
    cursors: nodes.map((n) => encodeCursor(sort.value(n), n.id)),
    hasNextPage: rows.length > args.first,
  };
}
