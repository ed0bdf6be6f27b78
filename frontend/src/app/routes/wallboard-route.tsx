import { WallboardScreen } from '@/features/wallboard';

export function WallboardRoute() {
  return <WallboardScreen />;
}
