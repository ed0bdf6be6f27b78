export { DealOffers } from './components/deal-offers';
