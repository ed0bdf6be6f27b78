export { RulesAdmin } from './components/rules-admin';
