import { FormattedMessage } from 'react-intl';
import { useParams } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { ContactCalls, useRecordRealtime } from '@/features/calls';
import { ContactPage, contactsApi } from '@/features/contacts';
import { ContactTimeline } from '@/features/deal';
import { queryKeys } from '@/lib/query-client';
import { ContactSales } from '@/features/offers';
import { ContactTasks } from '@/features/tasks';

/** The contact page: the contact's own feature, with calls, tasks, sales and history from theirs. */
export function ContactRoute() {
  const { id = '' } = useParams();
  useRecordRealtime();
  // the same query as the page's own (one request): the sales panel wants the name
  const contact = useQuery({ queryKey: queryKeys.contact(id), queryFn: () => contactsApi.get(id), enabled: !!id });
  return (
    <ContactPage
      key={id}
      id={id}
      main={
        <>
          <section className="panel" aria-labelledby="contact-calls-heading">
            <h2 id="contact-calls-heading" className="panel-title">
              <FormattedMessage id="app.contact.calls" defaultMessage="Calls" />
            </h2>
            <ContactCalls contactId={id} />
          </section>
          <section className="panel" aria-labelledby="contact-history-heading">
            <h2 id="contact-history-heading" className="panel-title">
              <FormattedMessage id="app.contact.history" defaultMessage="History" />
            </h2>
            <ContactTimeline contactId={id} />
          </section>
        </>
      }
      side={
        <>
          <section className="panel" aria-labelledby="contact-tasks-heading">
            <h2 id="contact-tasks-heading" className="panel-title">
              <FormattedMessage id="app.contact.tasks" defaultMessage="Tasks" />
            </h2>
            <ContactTasks contactId={id} />
          </section>
          <ContactSales contactId={id} contactName={contact.data?.name ?? null} />
        </>
      }
    />
  );
}
