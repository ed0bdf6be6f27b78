import { z } from 'zod';
import { Id, safeText } from './common';

/** How many desk phones one user may have. */
export const MAX_DEVICES_PER_USER = 10;

/**
 * A desk phone (or any SIP phone that is not the browser) with an account of its own. The
 * registration facts are written by the SIP server at each REGISTER and shown as they are:
 * `lastUserAgent` and `lastAddress` come from the phone and are untrusted text.
 */
export const Device = z.object({
  id: Id,
  userId: Id,
  userName: z.string(),
  /** A deactivated user's phones keep their accounts but cannot register until reactivation. */
  userActive: z.boolean(),
  /** The owner's extension: the phone rings and dials as this extension. */
  extension: z.string(),
  label: z.string(),
  /** SIP user name (auth user and To user of its REGISTER). */
  username: z.string(),
  createdAt: z.string(),
  /** The last registration has not expired yet. */
  registered: z.boolean(),
  lastRegisteredAt: z.string().nullable(),
  registeredUntil: z.string().nullable(),
  /** "ip:port" the last REGISTER came from. */
  lastAddress: z.string().nullable(),
  lastTransport: z.string().nullable(),
  lastUserAgent: z.string().nullable(),
});
export type Device = z.infer<typeof Device>;

/** `GET /api/devices`: a Seller sees their own; a Head everyone's, or one user's with `userId`. */
export const ListDevicesQuery = z.object({ userId: Id.optional() }).strict();
export type ListDevicesQuery = z.infer<typeof ListDevicesQuery>;

/** `POST /api/devices`: a Head adds a phone to any active user; a Seller only to themselves. */
export const CreateDeviceRequest = z
  .object({
    /** Whose phone; the caller's own when left out. */
    userId: Id.optional(),
    label: safeText(80).pipe(z.string().min(1, 'Enter a name for the phone')),
  })
  .strict();
export type CreateDeviceRequest = z.infer<typeof CreateDeviceRequest>;

export const SipTransport = z.enum(['udp', 'tcp', 'tls']);
export type SipTransport = z.infer<typeof SipTransport>;

/** What a person types into a phone's account page. */
export const DeviceSettings = z.object({
  /** Registrar and outbound proxy: the host name or address phones reach the SIP server at. */
  server: z.string(),
  /** SIP domain (and digest realm) of the account. */
  domain: z.string(),
  transports: z.array(z.object({ transport: SipTransport, port: z.number().int() })),
  username: z.string(),
  /** Authentication user; the same as `username`. */
  authUsername: z.string(),
  password: z.string(),
});
export type DeviceSettings = z.infer<typeof DeviceSettings>;

/**
 * The answer to `POST /api/devices`: the only time the password is ever shown. `qrCode` is a
 * `data:image/png` URL of a QR code of `qrText` (the same settings as text).
 */
export const CreatedDevice = z.object({
  device: Device,
  settings: DeviceSettings,
  qrText: z.string(),
  qrCode: z.string(),
});
export type CreatedDevice = z.infer<typeof CreatedDevice>;
