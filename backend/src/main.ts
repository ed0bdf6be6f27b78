import 'reflect-metadata';
import { Logger, type LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { SwaggerModule } from '@nestjs/swagger';
import { json, type NextFunction, type Request, type Response, urlencoded } from 'express';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { AppModule } from './app.module';
import { Cluster } from './common/cluster/cluster';
import { ClusterIoAdapter } from './common/cluster/cluster-io.adapter';
import { RouteAudit } from './common/access/route-audit';
import { servingPlan } from './common/http/serving';
import { acceptTlsOnSamePort } from './common/http/shared-port';
import { type Env, loadEnv } from './config/env';
import { buildOpenApi } from './common/openapi/openapi';

/** How long an orphaned backend (npm start killed hard) may take to stop in order before it just exits. */
const ORPHAN_EXIT_MS = 4000;

const LEVELS: LogLevel[] = ['error', 'warn', 'log', 'debug', 'verbose'];

const SECURITY_HEADERS = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'same-origin',
  'X-Frame-Options': 'DENY',
};

function readTlsFile(name: keyof Env, file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (err) {
    throw new Error(`Cannot read ${name} (${file}): ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
}

async function bootstrap(): Promise<void> {
  const env = loadEnv();
  const plan = servingPlan(env);
  // read before anything listens: a missing or unreadable file stops the start with its name
  const tls = plan.tls && { cert: readTlsFile('TLS_CERT_FILE', plan.tls.certFile), key: readTlsFile('TLS_KEY_FILE', plan.tls.keyFile) };
  const app = await NestFactory.create<NestExpressApplication>(AppModule, {
    bodyParser: false,
    logger: LEVELS.slice(0, LEVELS.indexOf(env.LOG_LEVEL) + 1),
  });
  // a public web form's post (issue 17): small, JSON from a script or form-encoded from the HTML snippet;
  // parsed here first, so the API's own JSON parser leaves it alone
  app.use('/api/forms', json({ limit: '16kb' }), urlencoded({ extended: false, limit: '16kb', parameterLimit: 50 }));
  app.useBodyParser('json', { limit: '64kb' });
  app.setGlobalPrefix('api');
  // several nodes (issue 18): Redis before the socket server, which is made on it
  const cluster = app.get(Cluster);
  await cluster.connect();
  app.useWebSocketAdapter(new ClusterIoAdapter(app, cluster));
  app.enableShutdownHooks();
  app.disable('x-powered-by');
  // X-Forwarded-* only from TRUSTED_PROXIES; from anyone else req.ip and req.protocol are the socket's
  app.set('trust proxy', plan.trustProxy);
  app.use((_req: Request, res: Response, next: NextFunction) => {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
    next();
  });
  if (tls) acceptTlsOnSamePort(app.getHttpServer(), { ...tls, redirectPlainHttp: plan.redirectPlainHttp, headers: SECURITY_HEADERS });

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
    const watch = setInterval(() => {
      try {
        process.kill(parent, 0);
      } catch {
        // orphaned: stop in order if that is quick, and surely within a few seconds
        clearInterval(watch);
        setTimeout(() => process.exit(0), ORPHAN_EXIT_MS).unref();
        void app.close().finally(() => process.exit(0));
      }
    }, 1000).unref();
  }

  await app.listen(env.PORT, env.HOST);
  const url = (await app.getUrl()).replace('[::1]', 'localhost');
  new Logger('Bootstrap').log(tls
    ? `Callboard listening on ${url.replace(/^http:/, 'https:')} (plain http: ${plan.redirectPlainHttp ? 'this machine only, others are redirected' : 'accepted'})`
    : `Callboard listening on ${url}`);
  // npm start waits for this instead of reading the log (its output then goes straight to the
  // terminal, not through a pipe the start script copies: that copy cost a few % of a core per call burst)
  process.send?.({ type: 'listening', url });
}

bootstrap().catch((err) => {
  // eslint-disable-next-line no-console
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
