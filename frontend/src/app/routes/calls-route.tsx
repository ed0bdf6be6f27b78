import { CallHistoryPage } from '@/features/calls';

export function CallsRoute() {
  return <CallHistoryPage />;
}
