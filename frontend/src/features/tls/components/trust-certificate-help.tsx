import type { ReactNode } from 'react';
import { FormattedMessage } from 'react-intl';
import './tls.css';

// the name of a system or browser, in bold at the start of its step
const b = (chunks: ReactNode[]) => <strong>{chunks}</strong>;

/**
 * How to trust this server's local certificate authority, once per device: the file to download
 * and short steps per system and browser. Shown on the sign-in page and by the phone dock.
 */
export function TrustCertificateHelp({ caUrl, open = false }: { caUrl: string; open?: boolean }) {
  return (
    <details className="trust-help" data-testid="tls-trust-help" open={open}>
      <summary>
        <FormattedMessage id="tls.help.summary" defaultMessage="Trust this server's certificate (once per device)" />
      </summary>
      <p>
        <FormattedMessage
          id="tls.help.download"
          defaultMessage="<link>Download the Callboard certificate authority</link>, then:"
          values={{
            link: (chunks: ReactNode[]) => (
              <a href={caUrl} download="callboard-ca.crt" data-testid="tls-ca-download">
                {chunks}
              </a>
            ),
          }}
        />
      </p>
      <ul>
        <li>
          <FormattedMessage
            id="tls.help.windows"
            defaultMessage='<b>Windows</b> (Chrome, Edge): open the file, Install Certificate, Local Machine, "Trusted Root Certification Authorities".'
            values={{ b }}
          />
        </li>
        <li>
          <FormattedMessage
            id="tls.help.macos"
            defaultMessage='<b>macOS</b> (Safari, Chrome): open the file in Keychain Access (System), double-click it, Trust, "Always Trust".'
            values={{ b }}
          />
        </li>
        <li>
          <FormattedMessage
            id="tls.help.linuxChrome"
            defaultMessage='<b>Linux Chrome</b>: Settings, Privacy and security, Security, Manage certificates, Authorities, Import, tick "Trust for websites".'
            values={{ b }}
          />
        </li>
        <li>
          <FormattedMessage
            id="tls.help.firefox"
            defaultMessage='<b>Firefox</b> (any system): Settings, Privacy & Security, View Certificates, Authorities, Import, tick "Trust this CA to identify websites".'
            values={{ b }}
          />
        </li>
        <li>
          <FormattedMessage
            id="tls.help.android"
            defaultMessage="<b>Android</b>: Settings, Security, Encryption & credentials, Install a certificate, CA certificate, pick the file."
            values={{ b }}
          />
        </li>
        <li>
          <FormattedMessage
            id="tls.help.ios"
            defaultMessage="<b>iPhone, iPad</b>: open the link in Safari, Allow, then Settings, Profile Downloaded, Install; then General, About, Certificate Trust Settings, switch it on."
            values={{ b }}
          />
        </li>
      </ul>
      <p className="muted">
        <FormattedMessage id="tls.help.reload" defaultMessage="Then reload this page." />
      </p>
    </details>
  );
}
