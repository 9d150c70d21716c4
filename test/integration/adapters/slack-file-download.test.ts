import { type FakeSlack, startFakeSlack } from '../../../sim/slack/fake-slack';
import { createSlackSender } from '../../../src/adapters/slack/slack-sender';
import { createLogger } from '../../../src/logger';

let slack: FakeSlack;
beforeAll(async () => {
  slack = await startFakeSlack();
});
afterAll(() => slack.close());

const sender = (token: string) =>
  createSlackSender({ token, apiUrl: slack.url, log: createLogger({ level: 'silent' }) });
const limit = { bytes: 1024, tooBig: 'The file is larger than 1 KB.' };

describe("downloading a file a user shared, from Slack's url_private", () => {
  it('reads a file within the limit with the bot token', async () => {
    const file = slack.shareFile({ name: 'out.txt', content: 'a'.repeat(1024) });
    await expect(sender('xoxb-test').downloadFile(file.url_private, limit)).resolves.toBe('a'.repeat(1024));
  });

  it('stops reading a file bigger than the limit, and says so', async () => {
    const file = slack.shareFile({ name: 'out.txt', content: 'a'.repeat(5000) });
    await expect(sender('xoxb-test').downloadFile(file.url_private, limit)).rejects.toMatchObject({
      userMessage: 'The file is larger than 1 KB.',
      retryable: false,
    });
  });

  it("does not read Slack's sign-in page as the file when Slack refuses the token", async () => {
    const file = slack.shareFile({ name: 'out.txt', content: 'kubelet=active\n' });
    await expect(sender('not-a-bot-token').downloadFile(file.url_private, limit)).rejects.toMatchObject({
      userMessage: expect.stringContaining('files:read'),
      retryable: false,
    });
  });
});
