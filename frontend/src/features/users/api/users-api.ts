import type { CreateUserRequest, ResetPasswordResponse, UpdateUserRequest, User } from '@callboard/contracts';
import { api } from '@/lib/api-client';

export const usersApi = {
  list: () => api.get<User[]>('/users'),
  create: (body: CreateUserRequest) => api.post<User>('/users', body),
  update: (id: string, body: UpdateUserRequest) => api.patch<User>(`/users/${id}`, body),
  /** A Head's reset: a generated temporary password, returned this once. */
  resetPassword: (id: string) => api.post<ResetPasswordResponse>(`/users/${id}/reset-password`),
};
