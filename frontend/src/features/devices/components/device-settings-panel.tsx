import { FormattedMessage, useIntl } from 'react-intl';
import type { CreatedDevice } from '@callboard/contracts';

/** The settings a phone needs, as text to type and as a QR code, with the one-time password. */
export function DeviceSettingsPanel({ created }: { created: CreatedDevice }) {
  const intl = useIntl();
  const { settings, device } = created;
  const rows: [string, string, string][] = [
    [intl.formatMessage({ id: 'devices.settings.server', defaultMessage: 'Server (registrar and outbound proxy)' }), settings.server, 'server'],
    [intl.formatMessage({ id: 'devices.settings.domain', defaultMessage: 'SIP domain' }), settings.domain, 'domain'],
    [
      intl.formatMessage({ id: 'devices.settings.transports', defaultMessage: 'Transport and port' }),
      settings.transports.map((t) => `${t.transport.toUpperCase()} ${t.port}`).join(', '),
      'transports',
    ],
    [intl.formatMessage({ id: 'devices.settings.username', defaultMessage: 'User name' }), settings.username, 'username'],
    [intl.formatMessage({ id: 'devices.settings.authUsername', defaultMessage: 'Authentication user' }), settings.authUsername, 'auth-username'],
    [intl.formatMessage({ id: 'devices.settings.password', defaultMessage: 'Password' }), settings.password, 'password'],
  ];
  return (
    <div className="device-settings" data-testid="device-settings">
      <p className="device-settings-warning" role="alert">
        <FormattedMessage
          id="devices.settings.copyNow"
          defaultMessage="Copy these settings into “{label}” now. The password is shown only this once: if it is lost, remove the phone and add it again."
          values={{ label: <bdi data-user-content>{device.label}</bdi> }}
        />
      </p>
      <div className="device-settings-body">
        <dl className="device-settings-list">
          {rows.map(([label, value, id]) => (
            <div key={id}>
              <dt>{label}</dt>
              {/* addresses, names and the password are typed into a phone as they are: left to right */}
              <dd className="mono" data-testid={`device-setting-${id}`}>
                <bdi dir="ltr" data-user-content>
                  {value}
                </bdi>
              </dd>
            </div>
          ))}
        </dl>
        <figure className="device-settings-qr">
          <img
            src={created.qrCode}
            width={220}
            height={220}
            alt={intl.formatMessage({ id: 'devices.settings.qrAlt', defaultMessage: 'QR code of these settings' })}
            data-testid="device-qr"
          />
          <figcaption className="muted">
            <FormattedMessage id="devices.settings.qrCaption" defaultMessage="The same settings, for a phone or app that scans them" />
          </figcaption>
        </figure>
      </div>
    </div>
  );
}
