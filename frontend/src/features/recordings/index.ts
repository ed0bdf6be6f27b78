export { CallRecording, DealCallRecording, useCallRowRecordings } from './components/call-recording';
export { RecordingControls } from './components/recording-controls';
export { RecordingsAdmin } from './components/recordings-admin';
export { RecordingsAdminPage } from './components/recordings-admin-page';
