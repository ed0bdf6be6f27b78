import type { KeyboardEvent } from 'react';
import { useIntl } from 'react-intl';
import { useNavigate } from 'react-router';
import { useSortable } from '@dnd-kit/sortable';
import { CSS } from '@dnd-kit/utilities';
import type { Deal } from '@callboard/contracts';
import { DealCardBody } from './deal-card';

/**
 * A draggable card: drag with mouse or touch, Space to pick it up by keyboard, Enter to open it.
 * It stays an article named by its title (not dnd-kit's default role "button"): a button may not
 * hold the title link, and its name would have to repeat all of the card's text.
 */
export function SortableDealCard({ deal }: { deal: Deal }) {
  const intl = useIntl();
  const navigate = useNavigate();
  const { attributes, listeners, setNodeRef, transform, transition, isDragging } = useSortable({
    id: deal.id,
    attributes: { role: 'article', roleDescription: intl.formatMessage({ id: 'board.card.roleDescription', defaultMessage: 'draggable deal card' }) },
  });
  const titleId = `deal-card-title-${deal.id}`;

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
      {...attributes}
      aria-labelledby={titleId}
      {...listeners}
      onKeyDown={onKeyDown}
      onClick={(e) => {
        // The title link handles its own clicks.
        if (!(e.target instanceof HTMLAnchorElement)) open();
      }}
    >
      <DealCardBody deal={deal} titleId={titleId} />
    </article>
  );
}
