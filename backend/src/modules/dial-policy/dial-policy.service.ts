import { Injectable, Logger } from '@nestjs/common';
import {
  DIAL_REFUSAL_MESSAGES,
  type DialCheckResult,
  type DialPolicySettings,
  type DialPolicyUser,
  type DialPolicyView,
  type ReferCheckResult,
} from '@callboard/contracts';
import { type Actor, isHead } from '../../common/access/access.decorators';
import { AppException } from '../../common/errors/app.exception';
import { type ReferToFacts, TransfersService } from '../calls/transfers.service';
import { TeamSettingsService } from '../team-settings/team-settings.service';
import { DialPolicyRepository } from './dial-policy.repository';
import { defaultDialPolicy, evaluateDial, maskNumber } from './dial-rules';

const REFUSALS_SHOWN = 100;

/**
 * The outbound dial policy (ADR 0009): the Head's settings, and the SIP server's questions
 * before a call or a transfer leaves for the carrier. Every refusal is logged (number masked)
 * and stored for the Head (number as dialled).
 */
@Injectable()
export class DialPolicyService {
  private readonly logger = new Logger(DialPolicyService.name);

  constructor(
    private readonly repo: DialPolicyRepository,
    private readonly transfers: TransfersService,
    private readonly team: TeamSettingsService,
  ) {}

  /** The Head's policy; unsaved, the team's own country only (its phone region). */
  async settings(): Promise<DialPolicySettings> {
    return { ...defaultDialPolicy(await this.team.phoneRegion()), ...(await this.repo.settings()) };
  }

  async view(): Promise<DialPolicyView> {
    const [settings, users, refusals] = await Promise.all([this.settings(), this.repo.users(), this.repo.recentRefusals(REFUSALS_SHOWN)]);
    return { settings, users, refusals };
  }

  async saveSettings(actor: Actor, value: DialPolicySettings): Promise<DialPolicySettings> {
    assertHead(actor);
    await this.repo.saveSettings(value);
    this.logger.log(`dial policy changed by ${actor.id}: countries ${value.allowedCountryCodes.join(',')}, max ${value.maxConcurrentCalls} calls`);
    return value;
  }

  async setInternational(actor: Actor, userId: string, allowed: boolean): Promise<DialPolicyUser> {
    assertHead(actor);
    const user = await this.repo.setInternational(userId, allowed);
    if (!user) throw new AppException('USER_NOT_FOUND', 'No such user');
    this.logger.log(`international calls ${allowed ? 'allowed' : 'refused'} for user ${userId} by ${actor.id}`);
    return user;
  }

  /** Asked by the SIP server before an outbound call reaches the trunk. Anything but `allowed` is refused there. */
  async dialCheck(callId: string, extension: string, to: string): Promise<DialCheckResult> {
    const caller = await this.repo.activeCallerByExtension(extension);
    const policy = await this.settings();
    // a number dialled without a country code is read in the team's region
    const verdict = evaluateDial(to, caller, policy, await this.team.phoneRegion());
    if (verdict.allowed) return { allowed: true, maxConcurrent: policy.maxConcurrentCalls };
    await this.repo.insertRefusal({ callId, extension, userId: caller?.id ?? null, destination: to.slice(0, 64), reason: verdict.reason });
    this.logger.warn(`call ${callId}: outbound from extension ${extension} to ${maskNumber(verdict.number, to)} refused (${verdict.reason})`);
    return { allowed: false, reason: verdict.reason, message: DIAL_REFUSAL_MESSAGES[verdict.reason] };
  }

  /** Asked by the SIP server for a REFER carrying a transfer token (ADR 0005): never consumes it. */
  async referCheck(callId: string, token: string, referTo: ReferToFacts = {}): Promise<ReferCheckResult> {
    const allowed = await this.transfers.isPendingFor(token, callId, referTo);
    if (!allowed) this.logger.warn(`call ${callId}: REFER with a transfer token that is not pending for this call refused`);
    return { allowed };
  }
}

/** The route allows Heads only; the service says so again (authorize twice). */
function assertHead(actor: Actor): void {
  if (!isHead(actor)) throw new AppException('FORBIDDEN', 'Only a Head can change the dial policy');
}
