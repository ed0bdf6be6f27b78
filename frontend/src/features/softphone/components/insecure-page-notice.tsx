import { useEffect, useState } from 'react';
import { FormattedMessage } from 'react-intl';
import { fetchTlsInfo, httpsPageUrl } from '@/features/tls';

/**
 * A page that is not a secure context gets no microphone and no WebRTC: instead of a phone that
 * cannot work, say so and give the https address of this page (or say that the server has none).
 */
export function InsecurePageNotice() {
  const [httpsUrl, setHttpsUrl] = useState<string | null | undefined>(undefined);
  useEffect(() => {
    let live = true;
    fetchTlsInfo()
      .then((tls) => live && setHttpsUrl(httpsPageUrl(window.location, tls)))
      .catch(() => live && setHttpsUrl(null));
    return () => {
      live = false;
    };
  }, []);
  return (
    <div className="softphone" data-testid="softphone" data-state="disconnected" data-secure-context="false">
      <span className="softphone-status softphone-status-disconnected" data-testid="softphone-status" data-state="disconnected" role="status">
        <FormattedMessage id="softphone.insecure.status" defaultMessage="Phone off on this page" />
      </span>
      <span className="softphone-error" data-testid="softphone-insecure" role="alert">
        <FormattedMessage id="softphone.insecure.reason" defaultMessage="This page was opened over plain http, so the browser gives it no microphone and no phone." />{' '}
        {httpsUrl ? (
          <FormattedMessage
            id="softphone.insecure.openHttps"
            defaultMessage="Open {link} instead."
            values={{
              link: (
                <a href={httpsUrl} dir="ltr" data-testid="softphone-insecure-https-link">
                  {httpsUrl}
                </a>
              ),
            }}
          />
        ) : httpsUrl === null ? (
          <FormattedMessage id="softphone.insecure.noHttps" defaultMessage="This server does not offer https: ask whoever runs Callboard to turn TLS on." />
        ) : null}
      </span>
    </div>
  );
}
