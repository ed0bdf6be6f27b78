import { FormattedMessage, useIntl } from 'react-intl';
import { useQuery } from '@tanstack/react-query';
import { EmptyState, ErrorState, Spinner } from '@/components/ui';
import { errorMessage } from '@/lib/api-client';
import { formatDateTime, formatNumber } from '@/lib/format';
import { securityApi } from '../api/security-api';

const when = (iso: string) => formatDateTime(iso);

/** What is blocked right now after repeated failures: sign-ins to Callboard and SIP registrations. */
export function SecurityAdmin() {
  const intl = useIntl();
  const blocks = useQuery({ queryKey: ['security', 'blocks'], queryFn: securityApi.blocks, refetchInterval: 30_000 });
  if (blocks.isPending) return <Spinner label={intl.formatMessage({ id: 'admin.security.loading', defaultMessage: 'Loading blocks' })} />;
  if (blocks.isError) return <ErrorState message={errorMessage(blocks.error)} />;
  const { login, sip } = blocks.data;

  return (
    <section aria-labelledby="security-heading" className="admin-section" data-testid="security-admin">
      <h2 id="security-heading" className="section-title">
        <FormattedMessage id="admin.security.loginHeading" defaultMessage="Blocked sign-ins" />
      </h2>
      <p className="muted">
        <FormattedMessage
          id="admin.security.intro"
          defaultMessage="Ten wrong passwords block that email from that address for 15 minutes; 50 across emails block the address. Blocks end by themselves."
        />
      </p>
      {login.length === 0 ? (
        <EmptyState>
          <FormattedMessage id="admin.security.noLoginBlocks" defaultMessage="No sign-in is blocked." />
        </EmptyState>
      ) : (
        <table className="table" data-testid="login-blocks">
          <thead>
            <tr>
              <th scope="col">
                <FormattedMessage id="admin.security.address" defaultMessage="Address" />
              </th>
              <th scope="col">
                <FormattedMessage id="admin.security.email" defaultMessage="Email" />
              </th>
              <th scope="col">
                <FormattedMessage id="admin.security.attempts" defaultMessage="Attempts" />
              </th>
              <th scope="col">
                <FormattedMessage id="admin.security.blockedUntil" defaultMessage="Blocked until" />
              </th>
            </tr>
          </thead>
          <tbody>
            {login.map((b) => (
              <tr key={`${b.address}|${b.email ?? ''}`}>
                <td>
                  <bdi dir="ltr" data-user-content>
                    {b.address}
                  </bdi>
                </td>
                <td>
                  {b.email ? (
                    <bdi dir="ltr" data-user-content>
                      {b.email}
                    </bdi>
                  ) : (
                    <span className="muted">
                      <FormattedMessage id="admin.security.everyEmail" defaultMessage="every email" />
                    </span>
                  )}
                </td>
                <td>{formatNumber(b.attempts)}</td>
                <td>{when(b.blockedUntil)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h2 className="section-title">
        <FormattedMessage id="admin.security.sipHeading" defaultMessage="Blocked phones (SIP)" />
      </h2>
      {sip.length === 0 ? (
        <EmptyState>
          <FormattedMessage id="admin.security.noSipBlocks" defaultMessage="No phone or address is blocked." />
        </EmptyState>
      ) : (
        <table className="table" data-testid="sip-blocks">
          <thead>
            <tr>
              <th scope="col">
                <FormattedMessage id="admin.security.address" defaultMessage="Address" />
              </th>
              <th scope="col">
                <FormattedMessage id="admin.security.username" defaultMessage="Username" />
              </th>
              <th scope="col">
                <FormattedMessage id="admin.security.failures" defaultMessage="Failures" />
              </th>
              <th scope="col">
                <FormattedMessage id="admin.security.since" defaultMessage="Since" />
              </th>
              <th scope="col">
                <FormattedMessage id="admin.security.until" defaultMessage="Until" />
              </th>
            </tr>
          </thead>
          <tbody>
            {sip.map((b, i) => (
              <tr key={`${b.address}|${b.username ?? ''}|${i}`}>
                <td>
                  <bdi dir="ltr" data-user-content>
                    {b.address}
                  </bdi>
                </td>
                <td>
                  {b.scope === 'address' ? (
                    <span className="muted">
                      <FormattedMessage id="admin.security.everyUsername" defaultMessage="every username" />
                    </span>
                  ) : (
                    <bdi dir="ltr" data-user-content>
                      {b.username}
                    </bdi>
                  )}
                </td>
                <td>{formatNumber(b.failures)}</td>
                <td>{when(b.blockedAt)}</td>
                <td>{when(b.blockedUntil)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
