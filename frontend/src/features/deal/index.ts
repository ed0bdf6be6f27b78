export { DealPage } from './components/deal-page';
export { NewDealButton } from './components/new-deal-button';
export { QUALIFICATION_MESSAGES, QUALIFICATIONS } from './utils/qualification';
export { ContactTimeline } from './components/contact-timeline';
