import type { App } from '@slack/bolt';
import type { HandlerDeps } from '../handler-deps';
import { appHomeOpened } from './app-home-opened';

export const BOT_EVENTS = ['app_home_opened'] as const;

export function register(app: App, deps: HandlerDeps): void {
  app.event('app_home_opened', appHomeOpened(deps));
}
