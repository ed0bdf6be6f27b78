import { useEffect, useState } from 'react';
import { useIntl } from 'react-intl';
import type { Deal } from '@callboard/contracts';
import { TextField, useToast } from '@/components/ui';
import { errorMessage } from '@/lib/api-client';
import { formatDate } from '@/lib/format';
import { useUpdateDeal } from '../hooks/use-deal';

const MIN = '2000-01-01';
const MAX = '2100-12-31';

/**
 * When the deal is expected to close: a native date field saved as soon as a whole date is picked
 * (the server checks the range and who may edit). Cleared, the deal has none.
 */
export function DealExpectedClose({ deal }: { deal: Deal }) {
  const intl = useIntl();
  const update = useUpdateDeal(deal.id);
  const toast = useToast();
  const saved = deal.expectedCloseOn ?? '';
  const [value, setValue] = useState(saved);

  useEffect(() => setValue(saved), [saved]);

  async function change(input: HTMLInputElement) {
    const next = input.value;
    setValue(next);
    // A half-typed date reads as '' (badInput) and a year being typed as "0002", "0020"...: only a
    // whole date in the range the server takes, or a field emptied on purpose, is sent.
    if (input.validity.badInput || next === saved || (next !== '' && (next < MIN || next > MAX))) return;
    try {
      const updated = await update.mutateAsync({ expectedCloseOn: next === '' ? null : next });
      toast.success(
        updated.expectedCloseOn
          ? intl.formatMessage({ id: 'deal.expectedClose.saved', defaultMessage: 'Expected to close on {date}' }, { date: formatDate(updated.expectedCloseOn) })
          : intl.formatMessage({ id: 'deal.expectedClose.cleared', defaultMessage: 'No expected close date' }),
      );
    } catch (e) {
      setValue(saved);
      toast.error(errorMessage(e));
    }
  }

  return (
    <div className="deal-expected-close">
      <TextField
        label={intl.formatMessage({ id: 'deal.expectedClose.label', defaultMessage: 'Expected close' })}
        type="date"
        min={MIN}
        max={MAX}
        value={value}
        onChange={(e) => void change(e.currentTarget)}
        aria-busy={update.isPending || undefined}
        hint={
          saved ? (
            <span data-testid="deal-expected-close-text">{formatDate(saved)}</span>
          ) : (
            intl.formatMessage({ id: 'deal.expectedClose.notSet', defaultMessage: 'Not set' })
          )
        }
        data-testid="deal-expected-close"
      />
    </div>
  );
}
