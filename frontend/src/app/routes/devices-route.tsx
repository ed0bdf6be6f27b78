import { DevicesPage } from '@/features/devices';

export function DevicesRoute() {
  return <DevicesPage />;
}
