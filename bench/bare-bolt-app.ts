import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, HTTPReceiver, LogLevel } from '@slack/bolt';

/** The baseline for bench:ack: a Bolt app that verifies the signature and acks, nothing else. */
async function main(): Promise<void> {
  const receiver = new HTTPReceiver({
    signingSecret: process.env.SLACK_SIGNING_SECRET ?? '',
    endpoints: '/slack/events',
    logLevel: LogLevel.ERROR,
  });
  const app = new App({
    // A fixed authorization, as the bot's: no auth.test on the request path.
    authorize: async () => ({ botToken: process.env.SLACK_BOT_TOKEN }),
    receiver,
    logLevel: LogLevel.ERROR,
    // BARE_LEAN=1: Bolt configured as the bot configures it (no conversation store).
    ...(process.env.BARE_LEAN === '1' ? { convoStore: false as const } : {}),
    clientOptions: { slackApiUrl: process.env.SLACK_API_URL },
  });
  app.command('/hybrid', async ({ ack }) => {
    await ack();
  });
  const server = (await app.start(Number(process.env.PORT ?? 0))) as Server;
  // Exit on SIGTERM rather than be killed by it, so a --cpu-prof profile gets written.
  process.once('SIGTERM', () => process.exit(0));
  process.stdout.write(`LISTENING ${(server.address() as AddressInfo).port}\n`);
}

void main();
