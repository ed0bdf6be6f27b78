import { type CallHandler, type ExecutionContext, Injectable, Logger, type NestInterceptor } from '@nestjs/common';
import { AsyncLocalStorage } from 'node:async_hooks';
import { Observable } from 'rxjs';
import type { Request } from 'express';
import type { Actor } from './access.decorators';

interface ActingKey {
  apiKeyId: string;
  /** The Head the key acts for: only rows written as this user are the key's doing. */
  userId: string;
}

const acting = new AsyncLocalStorage<ActingKey>();

/**
 * The API key behind a row written now, for the audit trail (the deal timeline's `api_key_id`):
 * the request's key when `actorId` is the user that key acts for, else null (a system action the
 * request set off, or no key at all). Repositories call it where they record who did something,
 * so no service has to thread the key through every signature.
 */
export function actingApiKeyId(actorId: string | null | undefined): string | null {
  const key = acting.getStore();
  return key && actorId && key.userId === actorId ? key.apiKeyId : null;
}

/**
 * Runs each request made with an API key inside its key's context (see `actingApiKeyId`), and
 * logs every write such a request makes: key id, method and path, never the token.
 */
@Injectable()
export class ActingApiKeyInterceptor implements NestInterceptor {
  private readonly logger = new Logger(ActingApiKeyInterceptor.name);

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const req = context.switchToHttp().getRequest<Request & { actor?: Actor }>();
    const key = req.actor?.apiKey;
    if (!key) return next.handle();
    if (req.method !== 'GET' && req.method !== 'HEAD') this.logger.log(`api key ${key.id} (user ${req.actor!.id}): ${req.method} ${req.path}`);
    const store: ActingKey = { apiKeyId: key.id, userId: req.actor!.id };
    // the handler runs on subscription: subscribe inside the context so its awaits inherit it
    return new Observable((subscriber) => acting.run(store, () => next.handle().subscribe(subscriber)));
  }
}
