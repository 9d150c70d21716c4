import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';

/** What a button's listener gets from Bolt. */
export type ButtonHandler = (
  args: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs,
) => Promise<void>;
