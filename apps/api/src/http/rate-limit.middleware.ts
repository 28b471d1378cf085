import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';

/** What the limiter reads of an Express request. */
type Request = IncomingMessage & { ip?: string; originalUrl?: string };
type Response = ServerResponse & { status(code: number): { json(body: unknown): void } };

const WINDOW_MS = 60_000;
/** An address may carry several clients (an office behind one router): five times one's share. */
const ADDRESS_SHARE = 5;

const addressOf = (req: Request) => ipKeyGenerator(req.ip ?? req.socket.remoteAddress ?? '');

/**
 * Whose requests count together: a bearer token's (by its digest, so no token is kept), or
 * the address's when there is none.
 */
export function clientKey(req: Request): string {
  const auth = req.headers.authorization;
  return typeof auth === 'string' && auth.length > 0
    ? `token:${createHash('sha256').update(auth).digest('base64url')}`
    : `address:${addressOf(req)}`;
}

/** The answer past the limit: a GraphQL error a client can tell apart, with Retry-After set. */
function refuse(limit: number, whose: string) {
  return (_req: Request, res: Response) => {
    res.status(429).json({
      errors: [
        {
          message: `Too many requests: at most ${limit} a minute ${whose}; retry after the seconds Retry-After names`,
          extensions: { code: 'RATE_LIMITED' },
        },
      ],
    });
  };
}

/**
 * Per-client and per-address limits over a one-minute window, so that one client cannot
 * starve the others (nor /health, which is never limited). Counts are kept in each API
 * process: behind a load balancer each instance limits what reaches it.
 */
export function rateLimits(perMinute: number) {
  const common = {
    windowMs: WINDOW_MS,
    standardHeaders: 'draft-8' as const,
    legacyHeaders: false,
    // Mounted by Nest, the middleware sees paths relative to its mount: read the original.
    skip: (req: Request) => (req.originalUrl ?? req.url ?? '').split('?')[0] === '/health',
  };
  return [
    rateLimit({
      ...common,
      limit: perMinute * ADDRESS_SHARE,
      keyGenerator: addressOf,
      handler: refuse(perMinute * ADDRESS_SHARE, 'from one address'),
    }),
    rateLimit({
      ...common,
      limit: perMinute,
      keyGenerator: clientKey,
      handler: refuse(perMinute, 'per client'),
    }),
  ];
}
