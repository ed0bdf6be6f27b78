import * as C from '@callboard/contracts';
import { z } from 'zod';
import { documentRoutes } from '../../common/openapi/api-spec';

/** Recordings (issue 16) in the OpenAPI document; prose in docs/api/recordings.md. */
documentRoutes({
  'GET /api/recordings/settings': { summary: 'Recording policy (team default, per pipeline, per sales number), retention days, whether the media server can record (Head)', response: C.RecordingSettingsView },
  'PUT /api/recordings/settings': { summary: 'Set the recording policy and retention (Head)', body: C.RecordingSettings, response: C.RecordingSettingsView },
  'GET /api/recordings': { summary: 'Recordings of a deal’s, a contact’s or one call’s calls that the caller may hear', query: C.RecordingListQuery, response: z.array(C.CallRecordingState) },
  'GET /api/recordings/listens': { summary: 'A page of the listen log, newest first: who listened, when, to which call (Head)', query: C.RecordingListenQuery, response: C.RecordingListenPage },
  'GET /api/recordings/listens/csv': { summary: 'The listen log as CSV, every line the filters select (Head)', query: C.RecordingListenCsvQuery },
  'POST /api/recordings/{id}/playback': { summary: 'Start a playback: the right to hear is checked and the listen logged; a URL for <audio> (1 h)', response: C.RecordingPlayback },
  'GET /api/recordings/{id}/audio': { summary: 'The audio (audio/wav), with ?ticket= or a bearer token; Range → 206, a bad range → 416; 403 without the right to hear' },
  'GET /api/calls/{callId}/recording': { summary: 'A call’s recording state (its rep or a Head)', response: C.CallRecordingState },
  'POST /api/calls/{callId}/recording/start': { summary: 'Record (on demand): the notice plays to the caller, then recording starts (the rep on the call or a Head)', response: C.CallRecordingState },
  'POST /api/calls/{callId}/recording/pause': { summary: 'Pause the recording (e.g. for a card number)', response: C.CallRecordingState },
  'POST /api/calls/{callId}/recording/resume': { summary: 'Resume a paused recording', response: C.CallRecordingState },
  'DELETE /api/contacts/{id}': { summary: 'Erasure request (Head): deletes the contact and their recordings; calls anonymised, deals unlinked', response: C.ContactErasureResult },
  'POST /api/internal/recordings/finished': { summary: 'A RecordingFinished from the media side (service token)', body: C.RecordingFinished, response: C.CallRecordingState },
  'POST /api/internal/recordings/retention': { summary: 'Run the retention pass now (service token)' },
});
