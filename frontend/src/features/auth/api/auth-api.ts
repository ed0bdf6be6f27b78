import type { LoginRequest, LoginResponse, User } from '@callboard/contracts';
import { api } from '@/lib/api-client';

export const authApi = {
  login: (body: LoginRequest) => api.post<LoginResponse>('/auth/login', body),
  me: () => api.get<User>('/auth/me'),
};
