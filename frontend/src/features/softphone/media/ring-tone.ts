// The incoming-call ring, made with WebAudio (no asset): 440 + 480 Hz, 2 s on, 4 s off.
const ON_S = 2;
const PERIOD_S = 6;

export class RingTone {
  private context: AudioContext | null = null;
  private timer: ReturnType<typeof setInterval> | null = null;

  get playing(): boolean {
    return this.timer !== null;
  }

  start(): void {
    if (this.timer || typeof AudioContext === 'undefined') return;
    const context = new AudioContext();
    this.context = context;
    void context.resume().catch(() => undefined);
    const burst = () => {
      const gain = context.createGain();
      const t = context.currentTime;
      // soft edges so the burst does not click
      gain.gain.setValueAtTime(0, t);
      gain.gain.linearRampToValueAtTime(0.15, t + 0.05);
      gain.gain.setValueAtTime(0.15, t + ON_S - 0.05);
      gain.gain.linearRampToValueAtTime(0, t + ON_S);
      gain.connect(context.destination);
      for (const frequency of [440, 480]) {
        const osc = context.createOscillator();
        osc.frequency.value = frequency;
        osc.connect(gain);
        osc.start(t);
        osc.stop(t + ON_S);
      }
    };
    burst();
    this.timer = setInterval(burst, PERIOD_S * 1000);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    void this.context?.close().catch(() => undefined);
    this.context = null;
  }
}
