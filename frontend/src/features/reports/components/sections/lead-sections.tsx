import { defineMessages, useIntl, type IntlShape } from 'react-intl';
import type { DormantContactsReport, NeverContactedReport, OfferConversionReport, OffersReport } from '@callboard/contracts';
import { formatDateTime } from '@/lib/format';
import { CHART_COLORS, HorizontalBars } from '../charts';
import { Figure } from '../drill-down';
import { offerStatusFigure, offerStatusLabel } from '../../utils/labels';
import { withValues } from '../../utils/messages';
import { amountsText, FigureTable, ratioText, repFigure, RepName, repOf, Stat, Stats, TABLE } from './common';

const NEVER = withValues(
  defineMessages({
    oldest: { id: 'reports.neverContacted.oldest', defaultMessage: 'oldest since {when}' },
    unassigned: { id: 'reports.neverContacted.unassigned', defaultMessage: 'Unassigned, in the inbox' },
    unassignedFigure: { id: 'reports.neverContacted.unassignedFigure', defaultMessage: 'Unassigned leads never contacted' },
    assigned: { id: 'reports.neverContacted.assigned', defaultMessage: 'Assigned, never contacted' },
    assignedFigure: { id: 'reports.neverContacted.assignedFigure', defaultMessage: 'Assigned leads never contacted' },
    perRep: { id: 'reports.neverContacted.perRep', defaultMessage: 'Never contacted per rep' },
    count: { id: 'reports.neverContacted.count', defaultMessage: 'Never contacted' },
    repFigure: { id: 'reports.neverContacted.repFigure', defaultMessage: '{rep}: leads never contacted' },
    oldestColumn: { id: 'reports.neverContacted.oldestColumn', defaultMessage: 'Oldest' },
  }),
);

const oldest = (intl: IntlShape, at: string | null) => (at ? intl.formatMessage(NEVER.oldest, { when: formatDateTime(at) }) : null);

/** Leads nobody has contacted yet: the shared inbox's and each rep's own. */
export function NeverContactedSection({ data }: { data: NeverContactedReport }) {
  const intl = useIntl();
  return (
    <>
      <Stats>
        <Stat label={intl.formatMessage(NEVER.unassigned)} testId="never-unassigned">
          <Figure report="never-contacted" cell="unassigned" label={{ message: NEVER.unassignedFigure }} value={data.unassigned.count} />
          <span className="report-amount">{oldest(intl, data.unassigned.oldestAt)}</span>
        </Stat>
        <Stat label={intl.formatMessage(NEVER.assigned)} testId="never-assigned">
          <Figure report="never-contacted" cell="assigned" label={{ message: NEVER.assignedFigure }} value={data.assigned.count} />
          <span className="report-amount">{oldest(intl, data.assigned.oldestAt)}</span>
        </Stat>
      </Stats>
      {data.perRep.length > 0 && (
        <FigureTable
          label={intl.formatMessage(NEVER.perRep)}
          caption={intl.formatMessage(TABLE.perRep)}
          rows={data.perRep}
          rowKey={repOf}
          rowHeader={(r) => <RepName row={r} />}
          columns={[
            {
              header: intl.formatMessage(NEVER.count),
              numeric: true,
              cell: (r) => <Figure report="never-contacted" cell="assigned" rep={repOf(r)} label={repFigure(intl, r, NEVER.repFigure)} value={r.count} />,
            },
            { header: intl.formatMessage(NEVER.oldestColumn), cell: (r) => (r.oldestAt ? formatDateTime(r.oldestAt) : '—') },
          ]}
        />
      )}
    </>
  );
}

const DORMANT = withValues(
  defineMessages({
    count: { id: 'reports.dormant.count', defaultMessage: 'Not contacted in {days, plural, one {# day} other {# days}}' },
    countFigure: { id: 'reports.dormant.countFigure', defaultMessage: 'Class-A contacts not contacted in {days, plural, one {# day} other {# days}}' },
    never: { id: 'reports.dormant.never', defaultMessage: 'Of them never contacted' },
    neverFigure: { id: 'reports.dormant.neverFigure', defaultMessage: 'Class-A contacts never contacted' },
    perRep: { id: 'reports.dormant.perRep', defaultMessage: 'Dormant class-A contacts per rep' },
    contacts: { id: 'reports.dormant.contacts', defaultMessage: 'Contacts' },
    repFigure: { id: 'reports.dormant.repFigure', defaultMessage: '{rep}: dormant class-A contacts' },
  }),
);

/** Class-A contacts not contacted in the last N days (or never). */
export function DormantSection({ data }: { data: DormantContactsReport }) {
  const intl = useIntl();
  return (
    <>
      <Stats>
        <Stat label={intl.formatMessage(DORMANT.count, { days: data.days })} testId="dormant-count">
          <Figure report="dormant-contacts" cell="dormant" label={{ message: DORMANT.countFigure, values: { days: data.days } }} value={data.count} />
        </Stat>
        <Stat label={intl.formatMessage(DORMANT.never)} testId="dormant-never">
          <Figure report="dormant-contacts" cell="never" label={{ message: DORMANT.neverFigure }} value={data.neverContacted} />
        </Stat>
      </Stats>
      {data.perRep.length > 0 && (
        <FigureTable
          label={intl.formatMessage(DORMANT.perRep)}
          caption={intl.formatMessage(TABLE.perRep)}
          rows={data.perRep}
          rowKey={repOf}
          rowHeader={(r) => <RepName row={r} />}
          columns={[
            {
              header: intl.formatMessage(DORMANT.contacts),
              numeric: true,
              cell: (r) => <Figure report="dormant-contacts" cell="dormant" rep={repOf(r)} label={repFigure(intl, r, DORMANT.repFigure)} value={r.count} />,
            },
          ]}
        />
      )}
    </>
  );
}

const CONVERSION = withValues(
  defineMessages({
    leads: { id: 'reports.offerConversion.leads', defaultMessage: 'Leads' },
    leadsFigure: { id: 'reports.offerConversion.leadsFigure', defaultMessage: 'Leads created in the period' },
    withOffer: { id: 'reports.offerConversion.withOffer', defaultMessage: 'With an offer' },
    withOfferFigure: { id: 'reports.offerConversion.withOfferFigure', defaultMessage: 'Leads that got an offer' },
    withOrder: { id: 'reports.offerConversion.withOrder', defaultMessage: 'With an order' },
    withOrderFigure: { id: 'reports.offerConversion.withOrderFigure', defaultMessage: 'Leads that placed an order' },
    chart: { id: 'reports.offerConversion.chart', defaultMessage: 'Leads, leads with an offer and leads with an order (numbers beside)' },
    ofLeads: { id: 'reports.offerConversion.ofLeads', defaultMessage: '{ratio} of leads' },
    perRep: { id: 'reports.offerConversion.perRep', defaultMessage: 'Lead to offer to order per rep' },
    offer: { id: 'reports.offerConversion.offer', defaultMessage: 'Offer' },
    order: { id: 'reports.offerConversion.order', defaultMessage: 'Order' },
    withRatio: { id: 'reports.offerConversion.withRatio', defaultMessage: '{figure} ({ratio})' },
    repLeadsFigure: { id: 'reports.offerConversion.repLeadsFigure', defaultMessage: '{rep}: leads' },
    repOfferFigure: { id: 'reports.offerConversion.repOfferFigure', defaultMessage: '{rep}: leads with an offer' },
    repOrderFigure: { id: 'reports.offerConversion.repOrderFigure', defaultMessage: '{rep}: leads with an order' },
  }),
);

/** Lead → offer → order: how many of the period's leads got an offer, and an order. */
export function OfferConversionSection({ data }: { data: OfferConversionReport }) {
  const intl = useIntl();
  const steps = [
    { key: 'leads', name: intl.formatMessage(CONVERSION.leads), count: data.leads, label: CONVERSION.leadsFigure },
    { key: 'offer', name: intl.formatMessage(CONVERSION.withOffer), count: data.withOffer, label: CONVERSION.withOfferFigure },
    { key: 'order', name: intl.formatMessage(CONVERSION.withOrder), count: data.withOrder, label: CONVERSION.withOrderFigure },
  ];
  return (
    <>
      <div className="report-split">
        <HorizontalBars
          label={intl.formatMessage(CONVERSION.chart)}
          data={steps}
          nameKey="name"
          valueKey="count"
          valueName={intl.formatMessage(CONVERSION.leads)}
          color={CHART_COLORS.primary}
        />
        <Stats>
          {steps.map((s) => (
            <Stat key={s.key} label={s.name} testId={`conversion-${s.key}`}>
              <Figure report="offer-conversion" cell={s.key} label={{ message: s.label }} value={s.count} />
              {s.key !== 'leads' && <span className="report-amount">{intl.formatMessage(CONVERSION.ofLeads, { ratio: ratioText(s.count, data.leads) })}</span>}
            </Stat>
          ))}
        </Stats>
      </div>
      {data.perRep.length > 0 && (
        <FigureTable
          label={intl.formatMessage(CONVERSION.perRep)}
          caption={intl.formatMessage(TABLE.perRep)}
          rows={data.perRep}
          rowKey={repOf}
          rowHeader={(r) => <RepName row={r} />}
          columns={[
            {
              header: intl.formatMessage(CONVERSION.leads),
              numeric: true,
              cell: (r) => <Figure report="offer-conversion" cell="leads" rep={repOf(r)} label={repFigure(intl, r, CONVERSION.repLeadsFigure)} value={r.leads} />,
            },
            {
              header: intl.formatMessage(CONVERSION.offer),
              numeric: true,
              cell: (r) =>
                intl.formatMessage(CONVERSION.withRatio, {
                  figure: <Figure report="offer-conversion" cell="offer" rep={repOf(r)} label={repFigure(intl, r, CONVERSION.repOfferFigure)} value={r.withOffer} />,
                  ratio: ratioText(r.withOffer, r.leads),
                }),
            },
            {
              header: intl.formatMessage(CONVERSION.order),
              numeric: true,
              cell: (r) =>
                intl.formatMessage(CONVERSION.withRatio, {
                  figure: <Figure report="offer-conversion" cell="order" rep={repOf(r)} label={repFigure(intl, r, CONVERSION.repOrderFigure)} value={r.withOrder} />,
                  ratio: ratioText(r.withOrder, r.leads),
                }),
            },
          ]}
        />
      )}
    </>
  );
}

const OFFERS = defineMessages({
  offers: { id: 'reports.offers.offers', defaultMessage: 'Offers' },
  allFigure: { id: 'reports.offers.allFigure', defaultMessage: 'Offers in the period' },
  chart: { id: 'reports.offers.chart', defaultMessage: 'Offers by status (numbers in the table)' },
  byStatus: { id: 'reports.offers.byStatus', defaultMessage: 'Offers by status' },
  byStatusCaption: { id: 'reports.offers.byStatusCaption', defaultMessage: 'By status' },
  status: { id: 'reports.offers.status', defaultMessage: 'Status' },
  total: { id: 'reports.offers.total', defaultMessage: 'Total' },
});

/** Offers made in the period, by status, with their totals. */
export function OffersSection({ data }: { data: OffersReport }) {
  const intl = useIntl();
  return (
    <>
      <Stats>
        <Stat label={intl.formatMessage(OFFERS.offers)} testId="offers-count">
          <Figure report="offers" cell="all" label={{ message: OFFERS.allFigure }} value={data.count} />
        </Stat>
      </Stats>
      <div className="report-split">
        <HorizontalBars
          label={intl.formatMessage(OFFERS.chart)}
          data={data.byStatus.map((s) => ({ name: offerStatusLabel(intl, s.status), count: s.count }))}
          nameKey="name"
          valueKey="count"
          valueName={intl.formatMessage(OFFERS.offers)}
        />
        <FigureTable
          label={intl.formatMessage(OFFERS.byStatus)}
          caption={intl.formatMessage(OFFERS.byStatusCaption)}
          firstHeader={intl.formatMessage(OFFERS.status)}
          rows={data.byStatus}
          rowKey={(s) => s.status}
          rowHeader={(s) => offerStatusLabel(intl, s.status)}
          columns={[
            {
              header: intl.formatMessage(OFFERS.offers),
              numeric: true,
              cell: (s) => <Figure report="offers" cell={`status:${s.status}`} label={offerStatusFigure(s.status)} value={s.count} />,
            },
            { header: intl.formatMessage(OFFERS.total), numeric: true, cell: (s) => amountsText(s.amounts) },
          ]}
        />
      </div>
    </>
  );
}
