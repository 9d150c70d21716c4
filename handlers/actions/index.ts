import type { App, BlockButtonAction } from '@slack/bolt';
import { HOME_REFRESH_ACTION } from '../../src/blocks/home-view';
import type { HandlerDeps } from '../handler-deps';
import { homeRefresh } from './home-refresh';

export const ACTION_IDS = [HOME_REFRESH_ACTION] as const;

export function register(app: App, deps: HandlerDeps): void {
  app.action<BlockButtonAction>(HOME_REFRESH_ACTION, homeRefresh(deps));
}
