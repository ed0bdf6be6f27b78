import type { SaveWrapUpRequest, WrapUp, WrapUpOutcomesSettings } from '@callboard/contracts';
import { api } from '@/lib/api-client';

export const wrapUpsApi = {
  /** The caller's own pending wrap-ups, newest first. */
  pending: (signal?: AbortSignal) => api.get<WrapUp[]>('/wrap-ups', { status: 'pending' }, signal),
  get: (id: string, signal?: AbortSignal) => api.get<WrapUp>(`/wrap-ups/${id}`, undefined, signal),
  /** 409 WRAP_UP_ALREADY_DONE when it was saved meanwhile with something else (another tab). */
  save: (id: string, body: SaveWrapUpRequest) => api.put<WrapUp>(`/wrap-ups/${id}`, body),
  dismiss: (id: string) => api.post<WrapUp>(`/wrap-ups/${id}/dismiss`),
  outcomes: (signal?: AbortSignal) => api.get<WrapUpOutcomesSettings>('/settings/wrap-up-outcomes', undefined, signal),
  saveOutcomes: (body: WrapUpOutcomesSettings) => api.put<WrapUpOutcomesSettings>('/settings/wrap-up-outcomes', body),
};
