export { DealPage } from './components/deal-page';
export { NewDealButton } from './components/new-deal-button';
