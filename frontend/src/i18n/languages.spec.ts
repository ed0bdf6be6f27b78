import { browserLanguage, chooseLanguage, directionOf, intlLocale } from './languages';

describe('choosing the language a page is shown in', () => {
  const none = { stored: null, user: undefined, team: undefined, browser: [] as string[] };

  it("should follow the browser on a first visit, matching a region or an old code to ours", () => {
    expect(chooseLanguage({ ...none, browser: ['fr-FR', 'hu-HU', 'en'] })).toBe('hu');
    expect(chooseLanguage({ ...none, browser: ['iw'] })).toBe('he');
    expect(chooseLanguage({ ...none, browser: ['in-ID'] })).toBe('id');
    expect(chooseLanguage({ ...none, browser: ['fr'] })).toBe('en');
  });

  it('should prefer the language last shown on this browser to the browser\'s own before sign-in', () => {
    expect(chooseLanguage({ ...none, stored: 'ro', browser: ['hu'] })).toBe('ro');
    expect(chooseLanguage({ ...none, stored: 'xx', browser: ['hu'] })).toBe('hu');
  });

  it("should show a signed-in user their own language, else the team's", () => {
    expect(chooseLanguage({ ...none, stored: 'ro', user: null, team: 'he', browser: ['hu'] })).toBe('he');
    expect(chooseLanguage({ ...none, stored: 'ro', user: 'id', team: 'he', browser: ['hu'] })).toBe('id');
  });

  it('should keep the pseudo-locale a test asked for over every choice', () => {
    expect(chooseLanguage({ stored: 'pseudo', user: 'hu', team: 'he', browser: ['ro'] })).toBe('pseudo');
    expect(intlLocale('pseudo')).toBe('en');
  });

  it('should write Hebrew right to left and the others left to right', () => {
    expect(directionOf('he')).toBe('rtl');
    expect(['en', 'hu', 'id', 'ro', 'pseudo'].map((l) => directionOf(l as 'en'))).toEqual(['ltr', 'ltr', 'ltr', 'ltr', 'ltr']);
    expect(browserLanguage([])).toBeNull();
  });
});
