import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import { readFile } from 'node:fs/promises';
import type { TlsInfo } from '@callboard/contracts';
import { servingPlan } from '../../common/http/serving';
import { ENV, type Env } from '../../config/env';

export const CA_PATH = '/api/tls/ca.pem';

/** What the sign-in page and the phone dock need to send a user to https and trust it. */
@Injectable()
export class TlsService {
  constructor(@Inject(ENV) private readonly env: Env) {}

  info(): TlsInfo {
    const plan = servingPlan(this.env);
    return {
      https: plan.https,
      publicUrl: this.env.PUBLIC_URL?.startsWith('https:') ? this.env.PUBLIC_URL.replace(/\/$/, '') : null,
      caUrl: this.env.TLS_CA_FILE && plan.tls ? CA_PATH : null,
    };
  }

  /** The local CA's certificate (public by nature); 404 when this server has none to offer. */
  async caCertificate(): Promise<Buffer> {
    if (!this.info().caUrl) throw new NotFoundException('This server has no local certificate authority to download');
    const pem = await readFile(this.env.TLS_CA_FILE!).catch(() => null);
    if (!pem) throw new NotFoundException('The certificate authority file cannot be read');
    return pem;
  }
}
