import { useParams } from 'react-router';
import { DealPage } from '@/features/deal';

export function DealRoute() {
  const { id = '' } = useParams();
  return <DealPage key={id} id={id} />;
}
