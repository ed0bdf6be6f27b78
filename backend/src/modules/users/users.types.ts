import type { User } from '@callboard/contracts';

/** A user as stored, with the password hash that never leaves the backend. */
export interface UserRecord extends User {
  passwordHash: string;
}

/** The user as the API shows it: without the hash. */
export function toUser(record: UserRecord): User {
  const { passwordHash: _omit, ...user } = record;
  return user;
}
