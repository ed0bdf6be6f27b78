import type { ChangePasswordRequest, LoginRequest, LoginResponse, SetupRequest, SetupStatus, User } from '@callboard/contracts';
import { api } from '@/lib/api-client';

export const authApi = {
  login: (body: LoginRequest) => api.post<LoginResponse>('/auth/login', body),
  logout: () => api.post<void>('/auth/logout'),
  me: () => api.get<User>('/auth/me'),
  changePassword: (body: ChangePasswordRequest) => api.post<void>('/auth/password', body),
  setupStatus: () => api.get<SetupStatus>('/auth/setup'),
  setup: (body: SetupRequest) => api.post<LoginResponse>('/auth/setup', body),
};
