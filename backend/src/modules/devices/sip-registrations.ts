import { Inject, Injectable, Logger } from '@nestjs/common';
import { ENV, type Env } from '../../config/env';
import { KamailioRpc } from '../../common/sip/kamailio-rpc';

/** usrloc tables and the AOR of "ring every phone" (kamailio.cfg.tpl route[REGISTRAR]). */
const LOCATION = 'location';
const RINGALL = 'ringall';
const RINGALL_AOR = 'all';

/**
 * Takes registrations away from the SIP server at once, so a removed phone or a deactivated
 * user stops ringing now rather than when the registration expires. Best effort: a failure is
 * logged and never undoes the change that asked for it (the SIP server refuses the next
 * REGISTER anyway, since it reads credentials from the database). No SIP_RPC_URL: nothing to do.
 */
@Injectable()
export class SipRegistrations {
  private readonly logger = new Logger(SipRegistrations.name);
  private readonly rpc: KamailioRpc | null;

  constructor(@Inject(ENV) env: Env) {
    this.rpc = env.SIP_RPC_URL ? new KamailioRpc(env.SIP_RPC_URL) : null;
  }

  /** One phone's registration: its contact under the owner's extension and in "ring all". */
  async dropContact(extension: string, contact: string | null, deviceId: string): Promise<void> {
    if (!this.rpc) return;
    if (!contact) {
      this.logger.log(`device ${deviceId} (ext ${extension}) removed; it never registered, nothing to drop`);
      return;
    }
    try {
      const removed = await this.rpc.removeContact(LOCATION, extension, contact);
      await this.rpc.removeContact(RINGALL, RINGALL_AOR, contact);
      this.logger.log(`device ${deviceId} (ext ${extension}): registration ${removed ? 'dropped' : 'already gone'}`);
    } catch (err) {
      this.logger.warn(`device ${deviceId} (ext ${extension}): could not drop its registration: ${(err as Error).message}`);
    }
  }

  /** Every phone of an extension, browser and desk phones alike. Each removal stands alone (one failed
   * RPC does not leave the rest registered) and a failed round is tried once more. */
  async dropExtension(extension: string, userId: string): Promise<void> {
    if (!this.rpc) return;
    for (let attempt = 1; attempt <= 2; attempt++) {
      const failures: string[] = [];
      const contacts = await this.rpc.contactsOf(LOCATION, extension).catch((err: Error) => {
        failures.push(`ul.lookup: ${err.message}`);
        return [] as string[];
      });
      for (const contact of contacts) {
        await this.rpc.removeContact(RINGALL, RINGALL_AOR, contact).catch((err: Error) => failures.push(`ringall: ${err.message}`));
      }
      await this.rpc.removeAor(LOCATION, extension).catch((err: Error) => failures.push(`ul.rm: ${err.message}`));
      if (!failures.length) {
        this.logger.log(`user ${userId} (ext ${extension}): ${contacts.length} registration(s) dropped`);
        return;
      }
      this.logger.warn(`user ${userId} (ext ${extension}): dropping registrations, attempt ${attempt}: ${failures.join('; ')}`);
    }
  }
}
