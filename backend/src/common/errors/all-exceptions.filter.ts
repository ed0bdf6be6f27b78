import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { ApiError, ErrorCode } from '@callboard/contracts';
import { AppException, httpStatusOf } from './app.exception';

/** One place maps every failure to `{statusCode, code, message, details?}`. */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger(AllExceptionsFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') return;
    const ctx = host.switchToHttp();
    const res = ctx.getResponse<Response>();
    const req = ctx.getRequest<Request>();
    const body = this.toApiError(exception, req);
    if (body.statusCode >= 500) {
      this.logger.error(
        `${req.method} ${req.originalUrl.split('?')[0]} failed`,
        exception instanceof Error ? exception.stack : String(exception),
      );
    }
    const retryAfter = (body.details as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds;
    if (body.statusCode === 429 && typeof retryAfter === 'number' && !res.headersSent) {
      res.setHeader('Retry-After', String(retryAfter));
    }
    if (!res.headersSent) res.status(body.statusCode).json(body);
  }

  private toApiError(exception: unknown, req: Request): ApiError {
    if (exception instanceof AppException) {
      const statusCode = httpStatusOf(exception.kind);
      return { statusCode, code: exception.code, message: exception.message, details: exception.details };
    }
    // body-parser errors carry a `type` and a status
    const bodyError = exception as { type?: string; status?: number };
    if (bodyError && bodyError.type === 'entity.too.large') {
      return error(413, 'PAYLOAD_TOO_LARGE', 'The request body is too large');
    }
    if (bodyError && bodyError.type === 'entity.parse.failed') {
      return error(400, 'MALFORMED_JSON', 'The request body is not valid JSON');
    }
    if (bodyError && typeof bodyError.type === 'string' && bodyError.status && bodyError.status < 500) {
      return error(400, 'VALIDATION_FAILED', 'The request body could not be read');
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      // Nest wraps body-parser's JSON SyntaxError into a 400 with the error as its cause
      if (status === 400 && exception.cause instanceof SyntaxError) {
        return error(400, 'MALFORMED_JSON', 'The request body is not valid JSON');
      }
      if (status === 404) return error(404, 'ROUTE_NOT_FOUND', `No route ${req.method} ${req.path}`);
      if (status === 413) return error(413, 'PAYLOAD_TOO_LARGE', 'The request body is too large');
      if (status === 401) return error(401, 'UNAUTHENTICATED', 'Authentication required');
      if (status === 403) return error(403, 'FORBIDDEN', 'Not allowed');
      if (status < 500) return error(status, 'VALIDATION_FAILED', exception.message);
    }
    return error(500, 'INTERNAL', 'Something went wrong on our side; nothing was changed');
  }
}

function error(statusCode: number, code: ErrorCode, message: string): ApiError {
  return { statusCode, code, message };
}
