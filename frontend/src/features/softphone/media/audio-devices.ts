// The person's microphone and speaker choice, remembered per browser.
const MIC_KEY = 'callboard.softphone.microphone';
const SPEAKER_KEY = 'callboard.softphone.speaker';

export interface AudioDeviceChoice {
  microphoneId: string | null;
  speakerId: string | null;
}

export function loadAudioDevices(): AudioDeviceChoice {
  try {
    return { microphoneId: localStorage.getItem(MIC_KEY), speakerId: localStorage.getItem(SPEAKER_KEY) };
  } catch {
    return { microphoneId: null, speakerId: null };
  }
}

export function saveAudioDevices(choice: AudioDeviceChoice): void {
  try {
    for (const [key, value] of [
      [MIC_KEY, choice.microphoneId],
      [SPEAKER_KEY, choice.speakerId],
    ] as const) {
      if (value) localStorage.setItem(key, value);
      else localStorage.removeItem(key);
    }
  } catch {
    // private mode: the choice lasts for this page only
  }
}

/** Microphones and speakers (labels are empty until the page has had microphone access once). */
export async function listAudioDevices(): Promise<{ microphones: MediaDeviceInfo[]; speakers: MediaDeviceInfo[] }> {
  const devices = (await navigator.mediaDevices?.enumerateDevices?.()) ?? [];
  return {
    microphones: devices.filter((d) => d.kind === 'audioinput'),
    speakers: devices.filter((d) => d.kind === 'audiooutput'),
  };
}

/** Speaker choice needs HTMLMediaElement.setSinkId (Chromium; not every browser). */
export function canChooseSpeaker(): boolean {
  return typeof HTMLMediaElement !== 'undefined' && 'setSinkId' in HTMLMediaElement.prototype;
}
