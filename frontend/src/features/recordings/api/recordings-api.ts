import type { CallRecordingState, RecordingPlayback, RecordingSettings, RecordingSettingsView } from '@callboard/contracts';
import { api } from '@/lib/api-client';

const call = (sipCallId: string) => `/calls/${encodeURIComponent(sipCallId)}/recording`;

export const recordingsApi = {
  settings: (signal?: AbortSignal) => api.get<RecordingSettingsView>('/recordings/settings', undefined, signal),
  saveSettings: (body: RecordingSettings) => api.put<RecordingSettingsView>('/recordings/settings', body),
  ofDeal: (dealId: string, signal?: AbortSignal) => api.get<CallRecordingState[]>('/recordings', { dealId }, signal),
  /** The recordings of up to 100 calls (a page of the call history). */
  ofCalls: (sipCallIds: string[], signal?: AbortSignal) => api.get<CallRecordingState[]>('/recordings', { sipCallIds: sipCallIds.join(',') }, signal),
  /** Starts a playback: the listen is logged once here; the URL plays and seeks for an hour. */
  playback: (id: string) => api.post<RecordingPlayback>(`/recordings/${id}/playback`),
  callState: (sipCallId: string, signal?: AbortSignal) => api.get<CallRecordingState>(call(sipCallId), undefined, signal),
  start: (sipCallId: string) => api.post<CallRecordingState>(`${call(sipCallId)}/start`),
  pause: (sipCallId: string) => api.post<CallRecordingState>(`${call(sipCallId)}/pause`),
  resume: (sipCallId: string) => api.post<CallRecordingState>(`${call(sipCallId)}/resume`),
};
