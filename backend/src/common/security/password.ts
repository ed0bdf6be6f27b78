import { Logger } from '@nestjs/common';
import { hash, verify } from '@node-rs/argon2';
import { createHash, randomBytes } from 'node:crypto';

// Argon2id (algorithm 2), OWASP's first recommended setting: 19 MiB, 2 passes, 1 lane.
const OPTIONS = { algorithm: 2 as const, memoryCost: 19 * 1024, timeCost: 2, parallelism: 1 };

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS as never);
}

// One debug line per verification: how a test (LOG_LEVEL=debug) counts the passwords really checked.
const logger = new Logger('PasswordCheck');

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  logger.debug('argon2 verification');
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/** A hash to verify against when the email is unknown, so timing does not reveal accounts. */
let decoy: Promise<string> | undefined;
export function decoyHash(): Promise<string> {
  decoy ??= hashPassword('callboard-decoy-password');
  return decoy;
}

/** A password for a person to type once: 20 base64url characters (120 random bits). */
export function generatePassword(): string {
  return randomBytes(15).toString('base64url');
}

/** A one-time link token (256 random bits) and the SHA-256 that is stored instead of it. */
export function generateLinkToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: hashLinkToken(token) };
}

export function hashLinkToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
