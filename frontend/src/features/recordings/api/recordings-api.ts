import type { CallRecordingState, RecordingListenPage, RecordingPlayback, RecordingSettings, RecordingSettingsView } from '@callboard/contracts';
import { api } from '@/lib/api-client';

/** The listen log's filters (a listener, a recording, days in the team's zone). */
export interface ListenFilters {
  userId?: string;
  recordingId?: string;
  from?: string;
  to?: string;
}

const call = (sipCallId: string) => `/calls/${encodeURIComponent(sipCallId)}/recording`;

export const recordingsApi = {
  settings: (signal?: AbortSignal) => api.get<RecordingSettingsView>('/recordings/settings', undefined, signal),
  saveSettings: (body: RecordingSettings) => api.put<RecordingSettingsView>('/recordings/settings', body),
  ofDeal: (dealId: string, signal?: AbortSignal) => api.get<CallRecordingState[]>('/recordings', { dealId }, signal),
  /** The recordings of up to 100 calls (a page of the call history). */
  ofCalls: (sipCallIds: string[], signal?: AbortSignal) => api.get<CallRecordingState[]>('/recordings', { sipCallIds: sipCallIds.join(',') }, signal),
  /** Starts a playback: the listen is logged once here; the URL plays and seeks for an hour. */
  playback: (id: string) => api.post<RecordingPlayback>(`/recordings/${id}/playback`),
  /** A page of the listen log (Heads), newest first. */
  listens: (q: ListenFilters, offset: number, limit: number, signal?: AbortSignal) =>
    api.get<RecordingListenPage>('/recordings/listens', { ...q, offset: offset || undefined, limit }, signal),
  /** The listen log's lines the filters select, as a CSV download. */
  downloadListens: (q: ListenFilters) => api.download('/recordings/listens/csv', { ...q }, `recording-listens-${q.from ?? 'start'}-${q.to ?? 'now'}.csv`),
  callState: (sipCallId: string, signal?: AbortSignal) => api.get<CallRecordingState>(call(sipCallId), undefined, signal),
  start: (sipCallId: string) => api.post<CallRecordingState>(`${call(sipCallId)}/start`),
  pause: (sipCallId: string) => api.post<CallRecordingState>(`${call(sipCallId)}/pause`),
  resume: (sipCallId: string) => api.post<CallRecordingState>(`${call(sipCallId)}/resume`),
};
