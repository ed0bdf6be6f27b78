/** What the media side logs through: Nest's Logger fits (the module passes one); kept free of Nest so the media classes load in any test run. */
export interface MediaLogger {
  log(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export const consoleMediaLogger = (name: string): MediaLogger => ({
  log: (m) => console.log(`[${name}] ${m}`),
  warn: (m) => console.warn(`[${name}] ${m}`),
  error: (m) => console.error(`[${name}] ${m}`),
});
