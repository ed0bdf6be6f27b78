import { TeamPage } from '@/features/team';

export function TeamRoute() {
  return <TeamPage />;
}
