import type { KeyboardEvent } from 'react';
import { useNavigate } from 'react-router';
import { useSortable } from '@dnd-kit/sortable';
import { CSS } from '@dnd-kit/utilities';
import type { Deal } from '@callboard/contracts';
import { DealCardBody } from './deal-card';

/** A draggable card: drag with mouse or touch, Space to pick it up by keyboard, Enter to open it. */
export function SortableDealCard({ deal }: { deal: Deal }) {
  const navigate = useNavigate();
  const { attributes, listeners, setNodeRef, transform, transition, isDragging } = useSortable({ id: deal.id });

  const open = () => navigate(`/deals/${deal.id}`);
  const onKeyDown = (e: KeyboardEvent<HTMLElement>) => {
    if (e.key === 'Enter' && !isDragging) {
      e.preventDefault();
      open();
      return;
    }
    listeners?.onKeyDown?.(e);
  };

  return (
    <article
      ref={setNodeRef}
      className={`deal-card${isDragging ? ' is-dragging' : ''}${deal.missed ? ' is-missed' : ''}`}
      style={{ transform: CSS.Translate.toString(transform), transition }}
      data-testid={`deal-card-${deal.id}`}
      data-deal-title={deal.title}
      data-deal-id={deal.id}
      aria-label={deal.title}
      {...attributes}
      {...listeners}
      onKeyDown={onKeyDown}
      onClick={(e) => {
        // The title link handles its own clicks.
        if (!(e.target instanceof HTMLAnchorElement)) open();
      }}
    >
      <DealCardBody deal={deal} />
    </article>
  );
}
