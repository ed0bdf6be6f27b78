export { UsersAdmin } from './components/users-admin';
export { StagesAdmin } from './components/stages-admin';
export { SecurityAdmin } from './components/security-admin';
export { RoutingAdmin } from './components/routing-admin';
export { TeamSettingsAdmin } from './components/team-settings-admin';
