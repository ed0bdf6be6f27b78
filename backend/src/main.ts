import 'reflect-metadata';
import { Logger, type LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { SwaggerModule } from '@nestjs/swagger';
import type { NextFunction, Request, Response } from 'express';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { AppModule } from './app.module';
import { RouteAudit } from './common/access/route-audit';
import { loadEnv } from './config/env';
import { buildOpenApi } from './modules/openapi/openapi';

const LEVELS: LogLevel[] = ['error', 'warn', 'log', 'debug', 'verbose'];

async function bootstrap(): Promise<void> {
  const env = loadEnv();
  const app = await NestFactory.create<NestExpressApplication>(AppModule, {
    bodyParser: false,
    logger: LEVELS.slice(0, LEVELS.indexOf(env.LOG_LEVEL) + 1),
  });
  app.useBodyParser('json', { limit: '64kb' });
  app.setGlobalPrefix('api');
  app.enableShutdownHooks();
  app.disable('x-powered-by');
  app.use((_req: Request, res: Response, next: NextFunction) => {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'same-origin');
    res.setHeader('X-Frame-Options', 'DENY');
    next();
  });

  const document = buildOpenApi(app.get(RouteAudit).routes());
  SwaggerModule.setup('api/docs', app, document as never, { jsonDocumentUrl: 'api/docs-json' });

  const dist = resolve(env.FRONTEND_DIST ?? join(__dirname, '..', '..', 'frontend', 'dist'));
  if (existsSync(join(dist, 'index.html'))) {
    app.useStaticAssets(dist, { index: false, maxAge: '1h' });
    // The single-page app answers every other GET that is not the API or the socket.
    app.use((req: Request, res: Response, next: NextFunction) => {
      if (req.method !== 'GET' || req.path.startsWith('/api') || req.path.startsWith('/socket.io')) return next();
      res.setHeader('Cache-Control', 'no-cache');
      res.sendFile(join(dist, 'index.html'));
    });
  } else {
    new Logger('Bootstrap').warn(`No web app build at ${dist}: serving the API only`);
  }

  if (env.PARENT_PID) {
    const parent = env.PARENT_PID;
    setInterval(() => {
      try {
        process.kill(parent, 0);
      } catch {
        void app.close().finally(() => process.exit(0));
      }
    }, 1000).unref();
  }

  await app.listen(env.PORT, env.HOST);
  const url = await app.getUrl();
  new Logger('Bootstrap').log(`Callboard listening on ${url.replace('[::1]', 'localhost')}`);
}

bootstrap().catch((err) => {
  // eslint-disable-next-line no-console
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
