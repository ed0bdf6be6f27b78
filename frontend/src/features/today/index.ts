export { TodayPage } from './components/today-page';
export { MissedCallSettingsAdmin } from './components/missed-call-settings';
