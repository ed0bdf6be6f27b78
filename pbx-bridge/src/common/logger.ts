type Level = 'debug' | 'info' | 'warn' | 'error';
const ORDER: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };

// main.ts sets the configured level (config/env.ts) before anything logs
let threshold: Level = 'info';

/** Fields every telephony line should carry: the SIP Call-ID when there is one. */
export interface LogFields {
  callId?: string;
  [key: string]: unknown;
}

/** One JSON line per entry on stdout, named after the class that logs. */
export class Logger {
  static setLevel(level: Level): void {
    threshold = level;
  }

  constructor(private readonly context: string) {}

  debug(msg: string, fields?: LogFields): void {
    this.write('debug', msg, fields);
  }
  info(msg: string, fields?: LogFields): void {
    this.write('info', msg, fields);
  }
  warn(msg: string, fields?: LogFields): void {
    this.write('warn', msg, fields);
  }
  error(msg: string, fields?: LogFields): void {
    this.write('error', msg, fields);
  }

  private write(level: Level, msg: string, fields?: LogFields): void {
    if (ORDER[level] < ORDER[threshold]) return;
    const line = JSON.stringify({ t: new Date().toISOString(), level, ctx: this.context, msg, ...fields });
    process.stdout.write(line + '\n');
  }
}
