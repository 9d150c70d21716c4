import { WebClient } from '@slack/web-api';
import { type FakeSlack, startFakeSlack } from '../../sim/slack/fake-slack';

let slack: FakeSlack;
beforeAll(async () => {
  slack = await startFakeSlack();
});
afterAll(() => slack.close());

const TOKEN = 'xoxb-test-token';

describe('files in the fake Slack', () => {
  it('serves a file a user shared at its url_private_download, to a request with a bot token', async () => {
    const file = slack.shareFile({ name: 'edge.yaml', content: 'name: edge\n', user: 'U0OPERATOR' });
    expect(file.url_private_download).toContain(`/files-pri/T0SIM-${file.id}/download/edge.yaml`);
    const res = await fetch(file.url_private_download, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('name: edge\n');
  });

  it('redirects a request without a token to the sign-in page, as files.slack.com does', async () => {
    const file = slack.shareFile({ name: 'edge.yaml', content: 'name: edge\n' });
    const res = await fetch(file.url_private);
    expect(res.redirected).toBe(true);
    expect(await res.text()).toContain('Sign in');
  });

  it("describes a shared file's type by its extension, as Slack does", () => {
    expect(slack.shareFile({ name: 'hybrid-debug-h.txt', content: 'x' })).toMatchObject({
      filetype: 'text',
      mimetype: 'text/plain',
      size: 1,
      user_team: 'T0SIM',
    });
    expect(slack.shareFile({ name: 'screen.png', content: 'x' })).toMatchObject({
      filetype: 'png',
      mimetype: 'image/png',
    });
    expect(slack.shareFile({ name: 'core', content: 'x' })).toMatchObject({
      filetype: 'binary',
      mimetype: 'application/octet-stream',
    });
  });

  it('keeps what an app uploads with files.uploadV2 and describes it in files.info', async () => {
    const client = new WebClient(TOKEN, { slackApiUrl: slack.url, retryConfig: { retries: 0 } });
    await client.filesUploadV2({
      channel_id: 'D0U0OPERATOR',
      filename: 'edge-base@1.0.0.yaml',
      title: 'edge-base 1.0.0',
      content: 'a: 1\n',
    } as never);
    const complete = slack.calls().find((c) => c.method === 'files.completeUploadExternal');
    const id = (complete?.args.files as { id: string }[] | undefined)?.[0]?.id ?? '';
    const info = (await client.files.info({ file: id })) as unknown as {
      file: { name: string; title: string; user: string; url_private_download: string };
    };
    expect(info.file).toMatchObject({
      name: 'edge-base@1.0.0.yaml',
      title: 'edge-base 1.0.0',
      user: 'U0HYBRIDBOT',
    });
    const res = await fetch(info.file.url_private_download, {
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(await res.text()).toBe('a: 1\n');
    await expect(client.files.info({ file: 'F0NOSUCH' })).rejects.toThrow('file_not_found');
  });
});
