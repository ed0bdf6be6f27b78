export { WebhooksAdmin } from './components/webhooks-admin';
