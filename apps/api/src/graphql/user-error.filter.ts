import { type ArgumentsHost, Catch, type ExceptionFilter, Logger } from '@nestjs/common';
import type { ServerResponse } from 'node:http';
import { CodevError, ErrorCode } from '@codev/domain';

const logger = new Logger('Refused');

const HTTP_STATUS: Record<ErrorCode, number> = {
  [ErrorCode.BadUserInput]: 400,
  [ErrorCode.Unauthenticated]: 401,
  [ErrorCode.Forbidden]: 403,
  [ErrorCode.NotFound]: 404,
  [ErrorCode.Conflict]: 409,
  [ErrorCode.Unavailable]: 503,
};

/**
 * A refusal the API answers on purpose (bad input, not found, forbidden, conflict) is the
 * client's business, not a fault: one line at debug level, no stack — Nest would log each as
 * an ERROR with its stack trace. In GraphQL it goes on to formatError unchanged; on a plain
 * HTTP route (the IATI files, /health) it is answered with its status and code.
 */
@Catch(CodevError)
export class UserErrorFilter implements ExceptionFilter {
  catch(error: CodevError, host: ArgumentsHost): CodevError | void {
    logger.debug(`${error.code}: ${error.message}`);
    if (host.getType<string>() !== 'http') return error;
    const res = host.switchToHttp().getResponse<ServerResponse>();
    res.statusCode = HTTP_STATUS[error.code] ?? 400;
    res.setHeader('content-type', 'application/json; charset=utf-8');
    res.end(JSON.stringify({ message: error.message, code: error.code }));
  }
}
