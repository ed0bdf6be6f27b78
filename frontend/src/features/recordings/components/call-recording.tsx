import { useState } from 'react';
import { defineMessages, useIntl } from 'react-intl';
import { useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import type { CallRecordingState } from '@callboard/contracts';
import { Button } from '@/components/ui';
import { errorMessage } from '@/lib/api-client';
import { formatDuration } from '@/lib/format';
import { recordingsApi } from '../api/recordings-api';
import { useCallsRecordings, useDealRecordings, useRecordingEvents } from '../hooks/use-recordings';
import './recordings.css';

const M = defineMessages({
  player: { id: 'recordings.entry.player', defaultMessage: 'Call recording' },
  recording: { id: 'recordings.entry.recording', defaultMessage: 'Being recorded' },
  paused: { id: 'recordings.entry.paused', defaultMessage: 'Recording paused' },
  stopped: { id: 'recordings.entry.stopped', defaultMessage: 'The recording is being saved' },
  diskFull: { id: 'recordings.entry.diskFull', defaultMessage: 'Not recorded: the recordings disk was full' },
  failed: { id: 'recordings.entry.failed', defaultMessage: 'The recording failed' },
  listenedLink: { id: 'recordings.entry.listenedLink', defaultMessage: 'Who listened to this recording' },
});

/** The recording of one call on a deal's timeline: a player (the listen is logged at Play), or what became of it. */
export function DealCallRecording({ dealId, sipCallId }: { dealId: string; sipCallId: string }) {
  useRecordingEvents();
  const recordings = useDealRecordings(dealId);
  const state = recordings.data?.find((r) => r.sipCallId === sipCallId);
  return state ? <CallRecording state={state} /> : null;
}

/** The recordings of a page of calls, one request; `render` gets each call's state (or undefined). */
export function useCallRowRecordings(sipCallIds: string[]): (sipCallId: string) => CallRecordingState | undefined {
  useRecordingEvents();
  const recordings = useCallsRecordings(sipCallIds);
  return (id) => recordings.data?.find((r) => r.sipCallId === id);
}

export function CallRecording({ state }: { state: CallRecordingState }) {
  const intl = useIntl();
  const [src, setSrc] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const queryClient = useQueryClient();
  const rec = state.recording;
  const listened = (count: number) =>
    intl.formatMessage({ id: 'recordings.entry.listened', defaultMessage: '{count, plural, =0 {Not played yet} one {Played # time} other {Played # times}}' }, { count });
  if (!rec) {
    const note =
      state.status === 'recording' ? M.recording : state.status === 'paused' ? M.paused : state.status === 'stopped' ? M.stopped : state.status === 'failed' ? (state.failure === 'disk_full' ? M.diskFull : M.failed) : null;
    return note ? (
      <span className="call-recording-note muted" data-testid="call-recording-note" data-status={state.status}>
        {' · '}
        {intl.formatMessage(note)}
      </span>
    ) : null;
  }
  async function play() {
    setBusy(true);
    setError(null);
    try {
      setSrc((await recordingsApi.playback(rec!.id)).url);
      // a Head's count of plays has grown by this one
      if (rec!.listenCount !== undefined) void queryClient.invalidateQueries({ queryKey: ['recordings'], predicate: (q) => q.queryKey[1] === 'deal' || q.queryKey[1] === 'calls' });
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }
  return (
    <span className="call-recording" data-testid="call-recording" data-recording-id={rec.id}>
      {src ? (
        // eslint-disable-next-line jsx-a11y/media-has-caption -- a phone call has no captions
        <audio
          controls
          autoPlay
          preload="metadata"
          src={src}
          aria-label={intl.formatMessage(M.player)}
          title={intl.formatMessage({ id: 'recordings.entry.checksum', defaultMessage: 'SHA-256 checksum: {sha256}' }, { sha256: rec.sha256 })}
          data-testid="call-recording-audio"
        />
      ) : (
        <Button size="sm" busy={busy} onClick={() => void play()} data-testid="call-recording-play">
          {intl.formatMessage({ id: 'recordings.entry.listen', defaultMessage: 'Play the recording ({duration})' }, { duration: formatDuration(Math.round(rec.durationSec)) })}
        </Button>
      )}
      {rec.listenCount !== undefined &&
        (rec.listenCount > 0 ? (
          <Link
            className="call-recording-listens"
            to={`/admin?tab=recordings&view=listens&recording=${rec.id}`}
            title={intl.formatMessage(M.listenedLink)}
            data-testid="call-recording-listens"
            data-count={rec.listenCount}
          >
            {listened(rec.listenCount)}
          </Link>
        ) : (
          <span className="call-recording-listens muted" data-testid="call-recording-listens" data-count={0}>
            {listened(0)}
          </span>
        ))}
      {error && (
        <span className="form-error" role="alert">
          {error}
        </span>
      )}
    </span>
  );
}
