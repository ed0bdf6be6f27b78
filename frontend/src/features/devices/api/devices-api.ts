import type { CreateDeviceRequest, CreatedDevice, Device } from '@callboard/contracts';
import { api } from '@/lib/api-client';

export const devicesApi = {
  list: (userId?: string) => api.get<Device[]>('/devices', { userId }),
  create: (body: CreateDeviceRequest) => api.post<CreatedDevice>('/devices', body),
  remove: (id: string) => api.delete<void>(`/devices/${id}`),
};
