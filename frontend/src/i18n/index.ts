export { I18nProvider, TEAM_SETTINGS_KEY } from './i18n-provider';
export { useLanguage } from './language-context';
export { LanguagePicker } from './language-picker';
export { LANGUAGE_NAMES, directionOf, type UiLanguage } from './languages';
export { afterWords } from './messages';
