import type {
  AllMiddlewareArgs,
  AnyMiddlewareArgs,
  App,
  BlockButtonAction,
  SlackActionMiddlewareArgs,
  SlackCommandMiddlewareArgs,
  SlackEventMiddlewareArgs,
  SlackOptionsMiddlewareArgs,
  SlackViewMiddlewareArgs,
  ViewSubmitAction,
} from '@slack/bolt';
import { buttonClicks } from './actions';
import { hybridCommand, SLASH_COMMANDS } from './commands';
import { appHomeOpened } from './events';
import type { HandlerDeps } from './handler-deps';
import { blockSuggestions } from './suggestions';
import { viewSubmissions } from './views';

type Args = AnyMiddlewareArgs & AllMiddlewareArgs;

/**
 * One Bolt middleware routes every request to its surface (slash command, button, modal, event).
 * Bolt runs the matching middleware of every registered listener on every request, copying its
 * arguments for each: with one listener per surface that was a fifth of the slash command's CPU
 * (bench:ack). Anything not routed here goes on through Bolt as usual.
 */
export function register(app: App, deps: HandlerDeps): void {
  const command = hybridCommand(deps);
  const button = buttonClicks(deps);
  const view = viewSubmissions(deps);
  const homeOpened = appHomeOpened(deps);
  const suggestions = blockSuggestions(deps);
  const commands: readonly string[] = SLASH_COMMANDS;
  app.use(async (args: Args) => {
    const { body } = args;
    if ('command' in body && commands.includes(body.command)) {
      return command(args as SlackCommandMiddlewareArgs & AllMiddlewareArgs);
    }
    if (body.type === 'block_actions') {
      return button(args as SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs);
    }
    if (body.type === 'view_submission') {
      return view(args as SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs);
    }
    if (body.type === 'block_suggestion') {
      return suggestions(args as SlackOptionsMiddlewareArgs<'block_suggestion'> & AllMiddlewareArgs);
    }
    if (body.type === 'event_callback' && 'event' in body && body.event.type === 'app_home_opened') {
      return homeOpened(args as SlackEventMiddlewareArgs<'app_home_opened'> & AllMiddlewareArgs);
    }
    await args.next();
  });
}
