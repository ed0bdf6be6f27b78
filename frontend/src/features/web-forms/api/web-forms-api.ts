import type { SaveWebFormRequest, WebForm } from '@callboard/contracts';
import { api } from '@/lib/api-client';

export const webFormsApi = {
  list: () => api.get<WebForm[]>('/web-forms'),
  create: (body: SaveWebFormRequest) => api.post<WebForm>('/web-forms', body),
  update: (id: string, body: SaveWebFormRequest) => api.put<WebForm>(`/web-forms/${id}`, body),
  remove: (id: string) => api.delete<unknown>(`/web-forms/${id}`),
};
