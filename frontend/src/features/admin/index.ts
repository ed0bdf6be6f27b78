export { UsersAdmin } from './components/users-admin';
export { StagesAdmin } from './components/stages-admin';
