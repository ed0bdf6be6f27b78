import { Inject, Injectable, Logger } from '@nestjs/common';
import { type CreateDeviceRequest, type CreatedDevice, type Device, type DeviceSettings, MAX_DEVICES_PER_USER } from '@callboard/contracts';
import * as QRCode from 'qrcode';
import { type Actor, isHead } from '../../common/access/access.decorators';
import { ENV, type Env } from '../../config/env';
import { UsersService } from '../users/users.service';
import { digestHa1, newDevicePassword, newDeviceUsername, phoneServerHost, phoneTransports, settingsText } from './device-account';
import { DeviceException } from './devices.exception';
import { DevicesRepository } from './devices.repository';
import { SipRegistrations } from './sip-registrations';

/** Where the request came from, for telling phones which host to use when nothing is configured. */
export interface RequestOrigin {
  host?: string;
  localAddress?: string;
}

@Injectable()
export class DevicesService {
  private readonly logger = new Logger(DevicesService.name);

  constructor(
    private readonly devices: DevicesRepository,
    private readonly users: UsersService,
    private readonly registrations: SipRegistrations,
    @Inject(ENV) private readonly env: Env,
  ) {}

  /** A Seller lists their own phones; a Head everyone's, or one user's. */
  list(actor: Actor, userId?: string): Promise<Device[]> {
    if (userId && userId !== actor.id && !isHead(actor)) {
      throw new DeviceException('FORBIDDEN', 'You can only see your own phones');
    }
    return this.devices.list(actor, userId);
  }

  /** A new SIP account for a phone. The password is in this answer and nowhere else, ever. */
  async create(actor: Actor, input: CreateDeviceRequest, origin: RequestOrigin): Promise<CreatedDevice> {
    const userId = input.userId ?? actor.id;
    if (userId !== actor.id && !isHead(actor)) {
      throw new DeviceException('FORBIDDEN', 'You can only add a phone for yourself');
    }
    const owner = await this.users.findById(userId);
    if (!owner) throw new DeviceException('USER_NOT_FOUND', 'No such user');
    if (!owner.active) throw new DeviceException('USER_INACTIVE', `${owner.name} is deactivated: reactivate them first`);

    const password = newDevicePassword();
    const device = await this.insertWithFreshUsername(actor, userId, input.label, password);
    this.logger.log(`device ${device.id} (${device.username}) added for user ${userId} by ${actor.id}`);

    const settings: DeviceSettings = {
      server: phoneServerHost({
        sipPublicHost: this.env.SIP_PUBLIC_HOST,
        publicUrl: this.env.PUBLIC_URL,
        requestHost: origin.host,
        localAddress: origin.localAddress,
      }),
      domain: this.env.SIP_DOMAIN,
      transports: phoneTransports({ sipPort: this.env.SIP_PORT, tlsPort: this.env.SIP_TLS_PORT }),
      username: device.username,
      authUsername: device.username,
      password,
    };
    const qrText = settingsText(settings);
    const qrCode = await QRCode.toDataURL(qrText, { errorCorrectionLevel: 'M', margin: 2, width: 280 });
    return { device, settings, qrText, qrCode };
  }

  /** Deletes the phone's account, then takes its registration away at once. */
  async remove(actor: Actor, id: string): Promise<void> {
    const removed = await this.devices.remove(actor, id);
    if (!removed) throw new DeviceException('DEVICE_NOT_FOUND', 'No such phone');
    this.logger.log(`device ${id} of user ${removed.userId} removed by ${actor.id}`);
    await this.registrations.dropContact(removed.extension, removed.lastContact, removed.id);
  }

  /** A deactivated user's phones (browser and desk phones) stop ringing now. */
  async dropRegistrationsIfInactive(userId: string): Promise<void> {
    const user = await this.users.findById(userId);
    if (!user || user.active) return;
    await this.registrations.dropExtension(user.extension, userId);
  }

  private async insertWithFreshUsername(actor: Actor, userId: string, label: string, password: string): Promise<Device> {
    // 50 random bits: a clash is next to impossible, but the UNIQUE constraint has the last word
    for (let attempt = 0; ; attempt++) {
      const username = newDeviceUsername();
      try {
        const device = await this.devices.create({
          userId,
          label,
          username,
          ha1: digestHa1(username, this.env.SIP_DOMAIN, password),
          createdBy: actor.id,
          max: MAX_DEVICES_PER_USER,
        });
        if (!device) {
          throw new DeviceException('DEVICE_LIMIT', `A user can have at most ${MAX_DEVICES_PER_USER} phones: remove one first`);
        }
        return device;
      } catch (err: any) {
        if (err?.code === '23505' && attempt < 3) continue;
        throw err;
      }
    }
  }
}
