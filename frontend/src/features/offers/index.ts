export { DealOffers } from './components/deal-offers';
export { ContactSales } from './components/contact-sales';
