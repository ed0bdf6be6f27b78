import './tls.css';

/**
 * How to trust this server's local certificate authority, once per device: the file to download
 * and short steps per system and browser. Shown on the sign-in page and by the phone dock.
 */
export function TrustCertificateHelp({ caUrl, open = false }: { caUrl: string; open?: boolean }) {
  return (
    <details className="trust-help" data-testid="tls-trust-help" open={open}>
      <summary>Trust this server's certificate (once per device)</summary>
      <p>
        <a href={caUrl} download="callboard-ca.crt" data-testid="tls-ca-download">
          Download the Callboard certificate authority
        </a>
        , then:
      </p>
      <ul>
        <li><strong>Windows</strong> (Chrome, Edge): open the file, Install Certificate, Local Machine, "Trusted Root Certification Authorities".</li>
        <li><strong>macOS</strong> (Safari, Chrome): open the file in Keychain Access (System), double-click it, Trust, "Always Trust".</li>
        <li><strong>Linux Chrome</strong>: Settings, Privacy and security, Security, Manage certificates, Authorities, Import, tick "Trust for websites".</li>
        <li><strong>Firefox</strong> (any system): Settings, Privacy &amp; Security, View Certificates, Authorities, Import, tick "Trust this CA to identify websites".</li>
        <li><strong>Android</strong>: Settings, Security, Encryption &amp; credentials, Install a certificate, CA certificate, pick the file.</li>
        <li><strong>iPhone, iPad</strong>: open the link in Safari, Allow, then Settings, Profile Downloaded, Install; then General, About, Certificate Trust Settings, switch it on.</li>
      </ul>
      <p className="muted">Then reload this page.</p>
    </details>
  );
}
