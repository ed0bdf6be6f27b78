import { z } from 'zod';
import { Id, safeText } from './common';

export const Role = z.enum(['seller', 'head']);
export type Role = z.infer<typeof Role>;

export const Presence = z.enum(['available', 'busy', 'dnd', 'offline', 'on_call']);
export type Presence = z.infer<typeof Presence>;

export const User = z.object({
  id: Id,
  email: z.string(),
  name: z.string(),
  role: Role,
  active: z.boolean(),
  /** The SIP extension (user part) this user's phones register as. */
  extension: z.string(),
  presence: Presence,
});
export type User = z.infer<typeof User>;

export const LoginRequest = z.object({
  email: z.string().trim().toLowerCase().pipe(z.email().max(254)),
  password: z.string().min(1).max(200),
});
export type LoginRequest = z.infer<typeof LoginRequest>;

export const LoginResponse = z.object({
  accessToken: z.string(),
  user: User.pick({ id: true, email: true, name: true, role: true }).extend({
    extension: z.string(),
  }),
});
export type LoginResponse = z.infer<typeof LoginResponse>;

export const CreateUserRequest = z.object({
  email: z.string().trim().toLowerCase().pipe(z.email().max(254)),
  name: safeText(120).pipe(z.string().min(1)),
  role: Role,
  password: z.string().min(8).max(200),
});
export type CreateUserRequest = z.infer<typeof CreateUserRequest>;

export const UpdateUserRequest = z
  .object({
    name: safeText(120).pipe(z.string().min(1)),
    role: Role,
    active: z.boolean(),
    password: z.string().min(8).max(200),
  })
  .partial()
  .strict();
export type UpdateUserRequest = z.infer<typeof UpdateUserRequest>;
