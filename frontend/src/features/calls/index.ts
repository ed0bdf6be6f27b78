export { CallHistoryPage } from './components/call-history-page';
export { useRecordRealtime } from './hooks/use-record-realtime';
export { listCalls, callKeys, type CallFilter } from './api/calls-api';
export { ContactCalls } from './components/contact-calls';
