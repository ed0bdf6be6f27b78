import { useState } from 'react';
import { defineMessages, useIntl } from 'react-intl';
import { useQueryClient } from '@tanstack/react-query';
import type { CallRecordingState } from '@callboard/contracts';
import { errorMessage } from '@/lib/api-client';
import { recordingsApi } from '../api/recordings-api';
import { recordingKeys, useCallRecording, useRecordingEvents } from '../hooks/use-recordings';

const M = defineMessages({
  record: { id: 'recordings.call.record', defaultMessage: 'Record' },
  pause: { id: 'recordings.call.pause', defaultMessage: 'Pause recording' },
  resume: { id: 'recordings.call.resume', defaultMessage: 'Resume recording' },
  recording: { id: 'recordings.call.recording', defaultMessage: 'Recording' },
  paused: { id: 'recordings.call.paused', defaultMessage: 'Recording paused' },
  unavailable: { id: 'recordings.call.unavailable', defaultMessage: 'Recording unavailable' },
  failed: { id: 'recordings.call.failed', defaultMessage: 'Recording stopped' },
});

/** Record / Pause / Resume in the in-call bar, and what the recording is doing now (live over the socket). */
export function RecordingControls({ sipCallId }: { sipCallId: string }) {
  useRecordingEvents();
  const intl = useIntl();
  const queryClient = useQueryClient();
  const state = useCallRecording(sipCallId);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const s = state.data;
  if (!s || s.policy === 'off') return null;

  async function run(act: (id: string) => Promise<CallRecordingState>) {
    setBusy(true);
    setError(null);
    try {
      queryClient.setQueryData(recordingKeys.call(sipCallId), await act(sipCallId));
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  const status = s.status === 'recording' ? M.recording : s.status === 'paused' ? M.paused : s.status === 'unavailable' ? M.unavailable : s.status === 'failed' ? M.failed : null;
  return (
    <span className="softphone-recording" data-testid="softphone-recording" data-status={s.status}>
      {status && (
        <span className={`softphone-recording-status is-${s.status}`} role="status" data-testid="softphone-recording-status">
          {intl.formatMessage(status)}
        </span>
      )}
      {s.status === 'ready' && (
        <button type="button" className="btn btn-sm" disabled={busy} onClick={() => void run(recordingsApi.start)} data-testid="softphone-record">
          {intl.formatMessage(M.record)}
        </button>
      )}
      {s.status === 'recording' && (
        <button type="button" className="btn btn-sm" disabled={busy} onClick={() => void run(recordingsApi.pause)} data-testid="softphone-record-pause">
          {intl.formatMessage(M.pause)}
        </button>
      )}
      {s.status === 'paused' && (
        <button type="button" className="btn btn-sm" disabled={busy} onClick={() => void run(recordingsApi.resume)} data-testid="softphone-record-resume">
          {intl.formatMessage(M.resume)}
        </button>
      )}
      {error && (
        <span className="form-error" role="alert">
          {error}
        </span>
      )}
    </span>
  );
}
