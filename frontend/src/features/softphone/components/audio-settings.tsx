import { useEffect, useState } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import type { Softphone } from '../sip/softphone';
import { canChooseSpeaker, listAudioDevices, loadAudioDevices, saveAudioDevices } from '../media/audio-devices';

/** Microphone and speaker choice, remembered in localStorage and applied to the tab's phone. */
export function AudioSettings({ phone }: { phone: Softphone | null }) {
  const intl = useIntl();
  const [choice, setChoice] = useState(loadAudioDevices);
  const [devices, setDevices] = useState<{ microphones: MediaDeviceInfo[]; speakers: MediaDeviceInfo[] }>({ microphones: [], speakers: [] });

  useEffect(() => {
    const refresh = () => void listAudioDevices().then(setDevices).catch(() => undefined);
    refresh();
    navigator.mediaDevices?.addEventListener?.('devicechange', refresh);
    return () => navigator.mediaDevices?.removeEventListener?.('devicechange', refresh);
  }, []);

  useEffect(() => {
    phone?.setMicrophone(choice.microphoneId);
    void phone?.setSpeaker(choice.speakerId).catch(() => undefined);
  }, [phone, choice]);

  const pick = (patch: Partial<typeof choice>) => {
    const next = { ...choice, ...patch };
    setChoice(next);
    saveAudioDevices(next);
  };
  // the system's own name for a device; unnamed until the page has had the microphone once
  const microphone = (d: MediaDeviceInfo, i: number) =>
    d.label || intl.formatMessage({ id: 'softphone.audio.microphoneNumbered', defaultMessage: 'Microphone {index}' }, { index: i + 1 });
  const speaker = (d: MediaDeviceInfo, i: number) =>
    d.label || intl.formatMessage({ id: 'softphone.audio.speakerNumbered', defaultMessage: 'Speaker {index}' }, { index: i + 1 });
  const byDefault = intl.formatMessage({ id: 'softphone.audio.default', defaultMessage: 'Default' });
  return (
    <details className="softphone-audio" data-testid="softphone-audio">
      <summary>
        <FormattedMessage id="softphone.audio.summary" defaultMessage="Audio" />
      </summary>
      <div
        className="softphone-audio-body softphone-panel"
        role="group"
        aria-label={intl.formatMessage({ id: 'softphone.audio.label', defaultMessage: 'Audio devices' })}
      >
        <label>
          <FormattedMessage id="softphone.audio.microphone" defaultMessage="Microphone" />{' '}
          <select data-testid="softphone-mic-select" value={choice.microphoneId ?? ''} onChange={(e) => pick({ microphoneId: e.target.value || null })}>
            <option value="">{byDefault}</option>
            {devices.microphones
              .filter((d) => d.deviceId && d.deviceId !== 'default')
              .map((d, i) => (
                <option key={d.deviceId} value={d.deviceId} data-user-content={d.label ? true : undefined}>
                  {microphone(d, i)}
                </option>
              ))}
          </select>
        </label>
        {canChooseSpeaker() && (
          <label>
            <FormattedMessage id="softphone.audio.speaker" defaultMessage="Speaker" />{' '}
            <select data-testid="softphone-speaker-select" value={choice.speakerId ?? ''} onChange={(e) => pick({ speakerId: e.target.value || null })}>
              <option value="">{byDefault}</option>
              {devices.speakers
                .filter((d) => d.deviceId && d.deviceId !== 'default')
                .map((d, i) => (
                  <option key={d.deviceId} value={d.deviceId} data-user-content={d.label ? true : undefined}>
                    {speaker(d, i)}
                  </option>
                ))}
            </select>
          </label>
        )}
      </div>
    </details>
  );
}
