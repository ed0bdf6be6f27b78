export { usersApi } from './api/users-api';
export { useUsers, useAssignableUsers } from './hooks/use-users';
