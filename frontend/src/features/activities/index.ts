export { DealActivities } from './components/deal-activities';
export { CloseLostButton, LostReasonDialog } from './components/close-lost-button';
export { LostReasonLabel } from './components/lost-reason-label';
export { VISIT_STATUS_MESSAGES, VISIT_TYPE_MESSAGES, humaniseReasonKey, isKnownLostReason, lostReasonText } from './utils/activity-labels';
export { LostReasonsAdmin } from './components/lost-reasons-admin';
