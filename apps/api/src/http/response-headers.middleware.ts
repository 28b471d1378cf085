import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * Headers every response carries or loses: no `X-Powered-By` (it names the framework to
 * whoever probes), and no MIME sniffing of what the API serves (XML, JSON, the portfolio).
 */
export function responseHeaders(
  _req: IncomingMessage,
  res: ServerResponse,
  next: () => void,
): void {
  res.removeHeader('X-Powered-By');
  res.setHeader('X-Content-Type-Options', 'nosniff');
  next();
}
