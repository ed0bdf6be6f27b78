import { Inject, Injectable, Logger } from '@nestjs/common';
import { createHmac } from 'node:crypto';
import type { Presence, RoutingDecision, RoutingSettings, TelephonyCredentials, User } from '@callboard/contracts';
import type { Actor } from '../../common/access/access.decorators';
import { ENV, type Env } from '../../config/env';
import { ContactsService } from '../contacts/contacts.service';
import { DealsService } from '../deals/deals.service';
import { RealtimeService } from '../realtime/realtime.service';
import { UsersService } from '../users/users.service';
import { TelephonyRepository } from './telephony.repository';

/**
 * SIP credentials in the format of Kamailio's auth_ephemeral (the TURN REST scheme):
 * username "<expiry>:<extension>", password base64(HMAC-SHA1(secret, username)).
 */
export function ephemeralCredentials(secret: string, extension: string, expiresAtSec: number) {
  const username = `${expiresAtSec}:${extension}`;
  return { username, password: createHmac('sha1', secret).update(username).digest('base64') };
}

const SETTINGS_TTL_MS = 5000;

@Injectable()
export class TelephonyService {
  private readonly logger = new Logger(TelephonyService.name);
  private settingsCache: { value: Promise<RoutingSettings>; until: number } | null = null;

  constructor(
    private readonly repo: TelephonyRepository,
    private readonly users: UsersService,
    private readonly contacts: ContactsService,
    private readonly deals: DealsService,
    private readonly realtime: RealtimeService,
    @Inject(ENV) private readonly env: Env,
  ) {}

  async credentials(actor: Actor): Promise<TelephonyCredentials> {
    const user = await this.users.findActive(actor.id);
    if (!user) throw new Error('inactive user passed the guard');
    const expires = Math.floor(Date.now() / 1000) + this.env.SIP_CREDENTIAL_TTL_SECONDS;
    const { username, password } = ephemeralCredentials(this.env.SIP_SHARED_SECRET, user.extension, expires);
    return {
      sipUri: `sip:${user.extension}@${this.env.SIP_DOMAIN}`,
      authUsername: username,
      password,
      wsUrl: this.env.SIP_WS_URL ?? null,
      wsPort: this.env.SIP_WS_PORT,
      wssPort: this.env.SIP_WSS_PORT,
      expiresAt: new Date(expires * 1000).toISOString(),
    };
  }

  /**
   * Whom to ring: the known caller's owner alone first, if available, then every available
   * Seller (busy, do-not-disturb, offline and on-call reps are not rung). No groups means nobody
   * is available: the SIP server answers 480 and the call is a missed call with a call-back task.
   * (Only when the CRM cannot answer does the SIP server ring every registered phone.)
   */
  async route(from: string | undefined): Promise<RoutingDecision> {
    // one connection at a time: in a burst of calls the routing questions must not crowd the call
    // events (which make the cards) out of the pool; the settings come from memory
    const settings = await this.cachedRoutingSettings();
    const team = await this.users.listActive();
    const ownerId = await this.ownerIdOf(from);
    const available = team.filter((u) => u.role === 'seller' && u.presence === 'available');
    const owner = ownerId ? (team.find((u) => u.id === ownerId) ?? null) : null;
    const all = available.map((u) => u.extension);
    if (owner && owner.presence === 'available' && settings.ownerFirstSeconds > 0) {
      return {
        groups: [
          { extensions: [owner.extension], timeoutSec: settings.ownerFirstSeconds },
          ...(all.length ? [{ extensions: [...new Set([owner.extension, ...all])], timeoutSec: settings.ringAllSeconds }] : []),
        ],
      };
    }
    return { groups: all.length ? [{ extensions: all, timeoutSec: settings.ringAllSeconds }] : [] };
  }

  routingSettings(): Promise<RoutingSettings> {
    return this.repo.routingSettings();
  }

  /** Read on every inbound call, changed by a Head now and then: kept for a few seconds (and dropped on save). */
  private cachedRoutingSettings(): Promise<RoutingSettings> {
    const now = Date.now();
    if (!this.settingsCache || this.settingsCache.until < now) {
      const value = this.repo.routingSettings();
      this.settingsCache = { value, until: now + SETTINGS_TTL_MS };
      value.catch(() => (this.settingsCache = null));
    }
    return this.settingsCache.value;
  }

  async saveRoutingSettings(actor: Actor, value: RoutingSettings): Promise<RoutingSettings> {
    await this.repo.saveRoutingSettings(value);
    this.settingsCache = null;
    this.logger.log(`routing settings changed by ${actor.id}`);
    return value;
  }

  async setPresence(actor: Actor, presence: Presence): Promise<User> {
    const user = await this.users.setPresence(actor.id, presence);
    if (!user) throw new Error('inactive user passed the guard');
    this.realtime.presenceChanged(user);
    return user;
  }

  /** The caller's owner: of their open deal, else of the contact; null for an unknown number. */
  private async ownerIdOf(from: string | undefined): Promise<string | null> {
    const number = await this.contacts.normalize(from);
    if (!number) return null;
    const [contact] = await this.contacts.findByPhone(number);
    if (!contact) return null;
    const [deal] = await this.deals.openDealsOfContact(contact.id);
    return deal?.ownerId ?? contact.ownerId ?? null;
  }
}
