import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import type { HandlerDeps } from '../handler-deps';

/**
 * Opening the Home tab starts a job that publishes it; opens within 10 s share one job. The event's
 * answer waits for the intake (see the receiver): if Redis cannot take it, Slack is answered 500
 * and delivers the event again, so no open is lost.
 */
export function appHomeOpened(deps: HandlerDeps) {
  return async ({
    event,
  }: SlackEventMiddlewareArgs<'app_home_opened'> & AllMiddlewareArgs): Promise<void> => {
    if (event.tab !== 'home') return;
    const window = Math.floor(deps.clock.now() / 10_000);
    await deps.background.accept(
      { name: 'publish-home', data: { user: event.user } },
      `home-${event.user}-${window}`,
    );
  };
}
