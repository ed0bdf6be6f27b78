import { KamailioEventSource } from './adapters/kamailio/kamailio-event-source';
import { KamailioRpcClient } from './adapters/kamailio/kamailio-rpc.client';
import { BackendPool } from './adapters/http/backend-pool';
import { CrmHttpAlertSink } from './adapters/http/crm-http-alert-sink';
import { CrmHttpSink, REHEARSAL_PATH } from './adapters/http/crm-http-sink';
import { AlertDispatcher } from './application/alert-dispatcher';
import { CrmHttpRouter } from './adapters/http/crm-http-router';
import { KamailioRoutingChannel } from './adapters/kamailio/kamailio-routing-channel';
import { RoutingRelay } from './application/routing-relay';
import { CallEventBridgeService } from './application/call-event-bridge.service';
import { DeadLetterFile } from './application/dead-letter-file';
import { rehearseDelivery } from './application/delivery-rehearsal';
import { replayDeadLetters } from './application/dead-letter-replay';
import { EventJournal } from './application/event-journal';
import { OutboxDeliveryService } from './application/outbox-delivery.service';
import { Logger } from './common/logger';
import { loadEnv, redactEnv } from './config/env';

async function main(): Promise<void> {
  const env = loadEnv();
  Logger.setLevel(env.LOG_LEVEL);
  const logger = new Logger('Main');
  logger.info('starting pbx-bridge', { config: redactEnv(env) });

  const journal = await EventJournal.open(env.BRIDGE_DATA_DIR);
  await replayDeadLetters(env.BRIDGE_DATA_DIR, journal);
  const deadLetters = await DeadLetterFile.open(env.BRIDGE_DATA_DIR, { maxBytes: env.DEAD_LETTER_MAX_BYTES, keep: env.DEAD_LETTER_KEEP });
  // every request to the CRM goes through one pool: one node is current, the others take over (ADR 0038)
  const backends = new BackendPool(env.BACKEND_URL, { healthIntervalMs: env.BACKEND_HEALTH_MS, healthTimeoutMs: env.BACKEND_HEALTH_TIMEOUT_MS });
  backends.start();
  const sink = new CrmHttpSink(backends, env.PBX_SERVICE_TOKEN);
  const alerts = new AlertDispatcher(new CrmHttpAlertSink(backends, env.PBX_SERVICE_TOKEN), {
    attempts: 5,
    retryMs: 1000,
    maxQueued: 1000,
  });
  const delivery = new OutboxDeliveryService(journal, sink, deadLetters, alerts, {
    batchSize: env.DELIVERY_BATCH_SIZE,
    minBackoffMs: 200,
    maxBackoffMs: env.DELIVERY_MAX_BACKOFF_MS,
    maxAttempts: env.DELIVERY_MAX_ATTEMPTS,
    giveUpAfterMs: env.DELIVERY_GIVE_UP_AFTER_MS,
  });
  const rpc = new KamailioRpcClient(env.KAMAILIO_RPC_URL);
  const source = new KamailioEventSource({
    host: env.EVAPI_HOST,
    port: env.EVAPI_PORT,
    pbxName: env.PBX_NAME,
    dataDir: env.BRIDGE_DATA_DIR,
    rpc,
    sweepMs: env.BRIDGE_SWEEP_MS,
    sweepGraceMs: env.BRIDGE_SWEEP_GRACE_MS,
  });
  const bridge = new CallEventBridgeService(source, journal, delivery, deadLetters, alerts);
  // before Kamailio's first event: the delivery path compiled and its connection open (ADR 0021)
  if (env.DELIVERY_REHEARSAL_CALLS > 0) {
    await rehearseDelivery(new CrmHttpSink(backends, env.PBX_SERVICE_TOKEN, 5000, REHEARSAL_PATH), env.BRIDGE_DATA_DIR, env.DELIVERY_REHEARSAL_CALLS, env.PBX_NAME);
  }
  await bridge.start();

  // whom to ring, for INVITEs Kamailio suspends instead of blocking a SIP worker (ADR 0017)
  const router = new CrmHttpRouter(backends, env.PBX_SERVICE_TOKEN, env.ROUTING_TIMEOUT_MS);
  const routing = env.ROUTING_RELAY === 'on' ? new RoutingRelay(new KamailioRoutingChannel({ host: env.EVAPI_HOST, port: env.EVAPI_PORT }), router) : null;
  if (routing) {
    // a first question ahead of the first caller: the connection to the backend is open and warm
    void router.warm().then((o) => logger.info('routing relay warmed up', { outcome: o.kind }));
    void routing.start();
  }

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info('shutting down', { signal });
    routing?.stop();
    router.close();
    backends.stop();
    bridge
      .stop()
      .then(() => process.exit(0))
      .catch((e) => {
        logger.error('shutdown failed', { error: String(e) });
        process.exit(1);
      });
  };
  // One JSON line (never a multi-line trace in the log), then exit: `npm start` stops the system
  // with it, and on the next start the journal resumes where Kamailio's outbox left off.
  const fatal = (kind: string) => (e: unknown) => {
    logger.error(kind, { error: e instanceof Error ? `${e.name}: ${e.message}` : String(e), stack: e instanceof Error ? e.stack : undefined });
    process.exit(1);
  };
  process.on('uncaughtException', fatal('uncaught exception'));
  process.on('unhandledRejection', fatal('unhandled rejection'));
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((e) => {
  process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
