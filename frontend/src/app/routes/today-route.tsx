import { TodayPage } from '@/features/today';

export function TodayRoute() {
  return <TodayPage />;
}
