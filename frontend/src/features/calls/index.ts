export { CallHistoryPage } from './components/call-history-page';
