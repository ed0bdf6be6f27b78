/**
 * The team's time zone, which decides what "today" is. A Head sets it (modules/team-settings
 * provides this token), so the platform's clock asks for it here instead of importing a module.
 */
export abstract class BusinessZone {
  abstract timeZone(): Promise<string>;
}
