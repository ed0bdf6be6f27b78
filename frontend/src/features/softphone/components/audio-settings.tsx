import { useEffect, useState } from 'react';
import type { Softphone } from '../sip/softphone';
import { canChooseSpeaker, listAudioDevices, loadAudioDevices, saveAudioDevices } from '../media/audio-devices';

/** Microphone and speaker choice, remembered in localStorage and applied to the tab's phone. */
export function AudioSettings({ phone }: { phone: Softphone | null }) {
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
  const label = (d: MediaDeviceInfo, i: number, kind: string) => d.label || `${kind} ${i + 1}`;
  return (
    <details className="softphone-audio" data-testid="softphone-audio">
      <summary>Audio</summary>
      <div className="softphone-audio-body softphone-panel" role="group" aria-label="Audio devices">
        <label>
          Microphone{' '}
          <select data-testid="softphone-mic-select" value={choice.microphoneId ?? ''} onChange={(e) => pick({ microphoneId: e.target.value || null })}>
            <option value="">Default</option>
            {devices.microphones
              .filter((d) => d.deviceId && d.deviceId !== 'default')
              .map((d, i) => (
                <option key={d.deviceId} value={d.deviceId}>
                  {label(d, i, 'Microphone')}
                </option>
              ))}
          </select>
        </label>
        {canChooseSpeaker() && (
          <label>
            Speaker{' '}
            <select data-testid="softphone-speaker-select" value={choice.speakerId ?? ''} onChange={(e) => pick({ speakerId: e.target.value || null })}>
              <option value="">Default</option>
              {devices.speakers
                .filter((d) => d.deviceId && d.deviceId !== 'default')
                .map((d, i) => (
                  <option key={d.deviceId} value={d.deviceId}>
                    {label(d, i, 'Speaker')}
                  </option>
                ))}
            </select>
          </label>
        )}
      </div>
    </details>
  );
}
