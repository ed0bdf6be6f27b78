import type { AddressInfo } from 'node:net';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { SMTPServer } = require('smtp-server');

export interface SmtpSink {
  url: string;
  /** Every mail received, in order: envelope recipients and the raw message. */
  mails: { to: string[]; raw: string }[];
  close(): Promise<void>;
}

/**
 * A real SMTP server on a loopback port that keeps what it receives. `beforeAccept`, when given,
 * runs once a message's data has arrived and before the server answers it (a slow SMTP server).
 */
export async function startSmtpSink(options: { beforeAccept?: (mail: { to: string[]; raw: string }) => Promise<void> } = {}): Promise<SmtpSink> {
  const mails: SmtpSink['mails'] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream: NodeJS.ReadableStream, session: any, done: () => void) {
      let raw = '';
      stream.on('data', (c: Buffer) => (raw += c.toString()));
      stream.on('end', () => {
        const mail = { to: session.envelope.rcptTo.map((r: any) => r.address), raw };
        void (options.beforeAccept?.(mail) ?? Promise.resolve()).then(() => {
          mails.push(mail);
          done();
        });
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return { url: `smtp://127.0.0.1:${port}`, mails, close: () => new Promise((resolve) => server.close(resolve)) };
}
