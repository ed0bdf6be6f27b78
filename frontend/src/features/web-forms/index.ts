export { WebFormsAdmin } from './components/web-forms-admin';
