import type { App } from '@slack/bolt';
import type { HandlerDeps } from '../handler-deps';
import { hybridCommand } from './hybrid-command';

export const SLASH_COMMANDS = ['/hybrid'] as const;

export function register(app: App, deps: HandlerDeps): void {
  app.command('/hybrid', hybridCommand(deps));
}
