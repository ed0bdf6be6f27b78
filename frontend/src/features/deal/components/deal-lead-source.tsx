import { useIntl } from 'react-intl';
import type { Deal } from '@callboard/contracts';

/**
 * Where a web-form lead came from (issue 17): the form, the page it was sent from and its UTM tags.
 * All of it was typed by a visitor's browser: shown as text, the page address never as a link.
 */
export function DealLeadSource({ deal }: { deal: Deal }) {
  const intl = useIntl();
  const details = deal.leadDetails;
  if (!details) return null;
  const utm = (
    [
      ['utm_source', details.utm.source],
      ['utm_medium', details.utm.medium],
      ['utm_campaign', details.utm.campaign],
      ['utm_term', details.utm.term],
      ['utm_content', details.utm.content],
    ] as const
  ).filter(([, v]) => !!v);
  return (
    <dl className="deal-lead-source" data-testid="deal-lead-source">
      <dt>{intl.formatMessage({ id: 'deal.leadSource.form', defaultMessage: 'Web form' })}</dt>
      <dd>
        <bdi data-user-content>{details.formName ?? '—'}</bdi>
      </dd>
      {details.pageUrl && (
        <>
          <dt>{intl.formatMessage({ id: 'deal.leadSource.page', defaultMessage: 'Sent from' })}</dt>
          <dd className="deal-lead-page" dir="ltr" data-user-content>
            {details.pageUrl}
          </dd>
        </>
      )}
      {utm.map(([k, v]) => (
        <div key={k} className="deal-lead-utm" data-testid={`deal-${k}`}>
          <dt dir="ltr">{k}</dt>
          <dd dir="ltr" data-user-content>
            {v}
          </dd>
        </div>
      ))}
    </dl>
  );
}
