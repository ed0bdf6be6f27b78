export { DealActivities } from './components/deal-activities';
export { CloseLostButton, LostReasonDialog } from './components/close-lost-button';
export { VISIT_STATUS_LABELS, VISIT_TYPE_LABELS, reasonLabel } from './utils/activity-labels';
export { LostReasonsAdmin } from './components/lost-reasons-admin';
