import type { CreatedDevice } from '@callboard/contracts';

/** The settings a phone needs, as text to type and as a QR code, with the one-time password. */
export function DeviceSettingsPanel({ created }: { created: CreatedDevice }) {
  const { settings, device } = created;
  const rows: [string, string, string][] = [
    ['Server (registrar and outbound proxy)', settings.server, 'server'],
    ['SIP domain', settings.domain, 'domain'],
    ['Transport and port', settings.transports.map((t) => `${t.transport.toUpperCase()} ${t.port}`).join(', '), 'transports'],
    ['User name', settings.username, 'username'],
    ['Authentication user', settings.authUsername, 'auth-username'],
    ['Password', settings.password, 'password'],
  ];
  return (
    <div className="device-settings" data-testid="device-settings">
      <p className="device-settings-warning" role="alert">
        Copy these settings into “{device.label}” now. The password is shown only this once: if it is lost, remove the phone and add it again.
      </p>
      <div className="device-settings-body">
        <dl className="device-settings-list">
          {rows.map(([label, value, id]) => (
            <div key={id}>
              <dt>{label}</dt>
              <dd className="mono" data-testid={`device-setting-${id}`}>
                {value}
              </dd>
            </div>
          ))}
        </dl>
        <figure className="device-settings-qr">
          <img src={created.qrCode} width={220} height={220} alt="QR code of these settings" data-testid="device-qr" />
          <figcaption className="muted">The same settings, for a phone or app that scans them</figcaption>
        </figure>
      </div>
    </div>
  );
}
