import { formatDateTime } from '@/lib/format';
import { useQuery } from '@tanstack/react-query';
import { EmptyState, ErrorState, Spinner } from '@/components/ui';
import { errorMessage } from '@/lib/api-client';
import { securityApi } from '../api/security-api';

const when = (iso: string) => formatDateTime(iso);

/** What is blocked right now after repeated failures: sign-ins to Callboard and SIP registrations. */
export function SecurityAdmin() {
  const blocks = useQuery({ queryKey: ['security', 'blocks'], queryFn: securityApi.blocks, refetchInterval: 30_000 });
  if (blocks.isPending) return <Spinner label="Loading blocks" />;
  if (blocks.isError) return <ErrorState message={errorMessage(blocks.error)} />;
  const { login, sip } = blocks.data;

  return (
    <section aria-labelledby="security-heading" className="admin-section" data-testid="security-admin">
      <h2 id="security-heading" className="section-title">
        Blocked sign-ins
      </h2>
      <p className="muted">
        Ten wrong passwords block that email from that address for 15 minutes; 50 across emails block the address. Blocks end by
        themselves.
      </p>
      {login.length === 0 ? (
        <EmptyState>No sign-in is blocked.</EmptyState>
      ) : (
        <table className="table" data-testid="login-blocks">
          <thead>
            <tr>
              <th scope="col">Address</th>
              <th scope="col">Email</th>
              <th scope="col">Attempts</th>
              <th scope="col">Blocked until</th>
            </tr>
          </thead>
          <tbody>
            {login.map((b) => (
              <tr key={`${b.address}|${b.email ?? ''}`}>
                <td dir="ltr">{b.address}</td>
                <td>{b.email ?? <span className="muted">every email</span>}</td>
                <td>{b.attempts}</td>
                <td>{when(b.blockedUntil)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h2 className="section-title">Blocked phones (SIP)</h2>
      {sip.length === 0 ? (
        <EmptyState>No phone or address is blocked.</EmptyState>
      ) : (
        <table className="table" data-testid="sip-blocks">
          <thead>
            <tr>
              <th scope="col">Address</th>
              <th scope="col">Username</th>
              <th scope="col">Failures</th>
              <th scope="col">Since</th>
              <th scope="col">Until</th>
            </tr>
          </thead>
          <tbody>
            {sip.map((b, i) => (
              <tr key={`${b.address}|${b.username ?? ''}|${i}`}>
                <td dir="ltr">{b.address}</td>
                <td>{b.scope === 'address' ? <span className="muted">every username</span> : b.username}</td>
                <td>{b.failures}</td>
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
