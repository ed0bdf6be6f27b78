export { DialPolicyAdmin } from './components/dial-policy-admin';
