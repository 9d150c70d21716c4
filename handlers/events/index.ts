export { appHomeOpened } from './app-home-opened';

export const BOT_EVENTS = ['app_home_opened'] as const;
