import type { DormantContactsReport, NeverContactedReport, OfferConversionReport, OffersReport } from '@callboard/contracts';
import { formatDateTime, formatNumber } from '@/lib/format';
import { CHART_COLORS, HorizontalBars } from '../charts';
import { Figure } from '../drill-down';
import { humanize } from '../../utils/labels';
import { amountsText, FigureTable, ratioText, repName, repOf, Stat, Stats } from './common';

const oldest = (at: string | null) => (at ? `oldest since ${formatDateTime(at)}` : null);

/** Leads nobody has contacted yet: the shared inbox's and each rep's own. */
export function NeverContactedSection({ data }: { data: NeverContactedReport }) {
  return (
    <>
      <Stats>
        <Stat label="Unassigned, in the inbox" testId="never-unassigned">
          <Figure report="never-contacted" cell="unassigned" label="Unassigned leads never contacted" value={data.unassigned.count} />
          <span className="report-amount">{oldest(data.unassigned.oldestAt)}</span>
        </Stat>
        <Stat label="Assigned, never contacted" testId="never-assigned">
          <Figure report="never-contacted" cell="assigned" label="Assigned leads never contacted" value={data.assigned.count} />
          <span className="report-amount">{oldest(data.assigned.oldestAt)}</span>
        </Stat>
      </Stats>
      {data.perRep.length > 0 && (
        <FigureTable
          label="Never contacted per rep"
          caption="Per rep"
          rows={data.perRep}
          rowKey={repOf}
          rowHeader={repName}
          columns={[
            {
              header: 'Never contacted',
              numeric: true,
              cell: (r) => <Figure report="never-contacted" cell="assigned" rep={repOf(r)} label={`${repName(r)}: leads never contacted`} value={r.count} />,
            },
            { header: 'Oldest', cell: (r) => (r.oldestAt ? formatDateTime(r.oldestAt) : '—') },
          ]}
        />
      )}
    </>
  );
}

/** Class-A contacts not contacted in the last N days (or never). */
export function DormantSection({ data }: { data: DormantContactsReport }) {
  return (
    <>
      <Stats>
        <Stat label={`Not contacted in ${formatNumber(data.days)} days`} testId="dormant-count">
          <Figure report="dormant-contacts" cell="dormant" label={`Class-A contacts not contacted in ${formatNumber(data.days)} days`} value={data.count} />
        </Stat>
        <Stat label="Of them never contacted" testId="dormant-never">
          <Figure report="dormant-contacts" cell="never" label="Class-A contacts never contacted" value={data.neverContacted} />
        </Stat>
      </Stats>
      {data.perRep.length > 0 && (
        <FigureTable
          label="Dormant class-A contacts per rep"
          caption="Per rep"
          rows={data.perRep}
          rowKey={repOf}
          rowHeader={repName}
          columns={[
            {
              header: 'Contacts',
              numeric: true,
              cell: (r) => <Figure report="dormant-contacts" cell="dormant" rep={repOf(r)} label={`${repName(r)}: dormant class-A contacts`} value={r.count} />,
            },
          ]}
        />
      )}
    </>
  );
}

/** Lead → offer → order: how many of the period's leads got an offer, and an order. */
export function OfferConversionSection({ data }: { data: OfferConversionReport }) {
  const steps = [
    { key: 'leads', name: 'Leads', count: data.leads, label: 'Leads created in the period' },
    { key: 'offer', name: 'With an offer', count: data.withOffer, label: 'Leads that got an offer' },
    { key: 'order', name: 'With an order', count: data.withOrder, label: 'Leads that placed an order' },
  ];
  return (
    <>
      <div className="report-split">
        <HorizontalBars label="Leads, leads with an offer and leads with an order (numbers beside)" data={steps} nameKey="name" valueKey="count" valueName="Leads" color={CHART_COLORS.primary} />
        <Stats>
          {steps.map((s) => (
            <Stat key={s.key} label={s.name} testId={`conversion-${s.key}`}>
              <Figure report="offer-conversion" cell={s.key} label={s.label} value={s.count} />
              {s.key !== 'leads' && <span className="report-amount">{ratioText(s.count, data.leads)} of leads</span>}
            </Stat>
          ))}
        </Stats>
      </div>
      {data.perRep.length > 0 && (
        <FigureTable
          label="Lead to offer to order per rep"
          caption="Per rep"
          rows={data.perRep}
          rowKey={repOf}
          rowHeader={repName}
          columns={[
            { header: 'Leads', numeric: true, cell: (r) => <Figure report="offer-conversion" cell="leads" rep={repOf(r)} label={`${repName(r)}: leads`} value={r.leads} /> },
            {
              header: 'Offer',
              numeric: true,
              cell: (r) => (
                <>
                  <Figure report="offer-conversion" cell="offer" rep={repOf(r)} label={`${repName(r)}: leads with an offer`} value={r.withOffer} /> ({ratioText(r.withOffer, r.leads)})
                </>
              ),
            },
            {
              header: 'Order',
              numeric: true,
              cell: (r) => (
                <>
                  <Figure report="offer-conversion" cell="order" rep={repOf(r)} label={`${repName(r)}: leads with an order`} value={r.withOrder} /> ({ratioText(r.withOrder, r.leads)})
                </>
              ),
            },
          ]}
        />
      )}
    </>
  );
}

/** Offers made in the period, by status, with their totals. */
export function OffersSection({ data }: { data: OffersReport }) {
  return (
    <>
      <Stats>
        <Stat label="Offers" testId="offers-count">
          <Figure report="offers" cell="all" label="Offers in the period" value={data.count} />
        </Stat>
      </Stats>
      <div className="report-split">
        <HorizontalBars
          label="Offers by status (numbers in the table)"
          data={data.byStatus.map((s) => ({ name: humanize(s.status), count: s.count }))}
          nameKey="name"
          valueKey="count"
          valueName="Offers"
        />
        <FigureTable
          label="Offers by status"
          caption="By status"
          firstHeader="Status"
          rows={data.byStatus}
          rowKey={(s) => s.status}
          rowHeader={(s) => humanize(s.status)}
          columns={[
            {
              header: 'Offers',
              numeric: true,
              cell: (s) => <Figure report="offers" cell={`status:${s.status}`} label={`Offers ${humanize(s.status).toLowerCase()}`} value={s.count} />,
            },
            { header: 'Total', numeric: true, cell: (s) => amountsText(s.amounts) },
          ]}
        />
      </div>
    </>
  );
}
