import { checkFleetChannel } from '../../../jobs/fleets/fleet-channel-check';
import { type FakeSlack, startFakeSlack } from '../../../sim/slack/fake-slack';
import { createSlackSender } from '../../../src/adapters/slack/slack-sender';
import { createLogger } from '../../../src/logger';

let slack: FakeSlack;
beforeAll(async () => {
  slack = await startFakeSlack();
  slack.setChannel('C0FLEET', { name: 'fleet-ops', botIsMember: true });
  slack.setChannel('C0LOBBY', { name: 'lobby', botIsMember: false });
  slack.setChannel('G0SECRET', { name: 'secret', botIsMember: false, isPrivate: true });
});
afterAll(() => slack.close());

const deps = () => ({
  slack: createSlackSender({ token: 'xoxb-test', apiUrl: slack.url, log: createLogger({ level: 'silent' }) }),
});

describe('the channel configured for fleets, as Slack shows it to the bot (conversations.info)', () => {
  it('lets a fleet go to a channel the bot is in', async () => {
    await expect(deps().slack.channelInfo('C0FLEET')).resolves.toEqual({
      id: 'C0FLEET',
      name: 'fleet-ops',
      isMember: true,
    });
    await expect(checkFleetChannel(deps(), 'C0FLEET')).resolves.toBeUndefined();
  });

  it('refuses a channel the bot was never invited to, saying how to invite it', async () => {
    await expect(checkFleetChannel(deps(), 'C0LOBBY')).rejects.toMatchObject({
      userMessage: expect.stringContaining(
        'the bot is not in #lobby (C0LOBBY), where fleets.channel in the configuration sends fleet rollouts. Invite it with `/invite @hybrid-bot`',
      ),
    });
  });

  it('refuses an unknown channel, or a private one the bot cannot see, naming the setting', async () => {
    for (const id of ['C0NOSUCH', 'G0SECRET']) {
      await expect(checkFleetChannel(deps(), id)).rejects.toMatchObject({
        userMessage: expect.stringContaining(
          `fleets.channel in the configuration is ${id}, a channel Slack does not show the bot`,
        ),
      });
    }
  });
});
