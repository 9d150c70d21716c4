import { hostDebugUpload } from '../../../jobs/diagnostics/host-debug-upload';
import type { CommandDeps } from '../../../jobs/job-context';
import { BotError, ErrorCode } from '../../../src/errors';
import { diagnosticsOutput } from '../../support/diagnostics-output';
import { jobOf, startHostJobs } from './host-jobs-harness';

let h: Awaited<ReturnType<typeof startHostJobs>>;
beforeAll(async () => {
  h = await startHostJobs();
  await h.deps().stores.inventory.put({
    name: 'store12-edge-02',
    cluster: 'demo',
    site: 'store-12',
    auth: 'iam-ra',
    node: { name: 'store12-edge-02', ready: false },
    deregistered: false,
    status: 'joined',
  });
}, 60_000);
afterAll(() => h.close());

const output = (host = 'store12-edge-02') =>
  `=== hybrid-bot: host debug of ${host} in demo ===\n${diagnosticsOutput()}`;

/** The upload form's job for store12-edge-02, with `download` standing for Slack's url_private. */
async function upload(download: () => Promise<string>) {
  h.sent.length = 0;
  const base = h.deps();
  const deps: CommandDeps = { ...base, slack: { ...base.slack, downloadFile: download } };
  const data = {
    command: 'host debug-upload',
    request: { requestId: `r-${Math.random()}`, user: 'U0OPERATOR', channel: 'U0OPERATOR', receivedAt: 0 },
    positionals: { name: 'store12-edge-02' },
    options: {
      cluster: 'demo',
      fileUrl: 'https://files.slack.com/files-pri/T0-F1/out.txt',
      fileName: 'out.txt',
    },
  };
  return hostDebugUpload(jobOf(data) as never, deps);
}

const posted = () => JSON.stringify(h.sent);

describe('the upload form job', () => {
  it("posts the summary in the cluster's channel and the output in its thread, and tells the uploader where", async () => {
    expect(await upload(async () => output())).toMatchObject({ outcome: 'diagnosed', failedChecks: 2 });
    const [summary, file, reply] = h.sent as Record<string, unknown>[];
    expect(summary).toMatchObject({ kind: 'post', channel: h.cluster.channel });
    expect(JSON.stringify(summary)).toContain('failed: Validating NTP synchronization status');
    expect(file).toMatchObject({
      kind: 'thread-file',
      channel: h.cluster.channel,
      threadOfSlot: summary?.slot,
    });
    expect(reply).toMatchObject({ kind: 'post', channel: 'U0OPERATOR' });
    expect(JSON.stringify(reply)).toContain(`the summary is in <#${h.cluster.channel}>`);
  });

  it('tells the uploader, and posts nothing in the channel, when the output is of another host', async () => {
    expect(await upload(async () => output('store12-edge-09'))).toEqual({ outcome: 'refused' });
    expect(h.sent).toEqual([expect.objectContaining({ kind: 'post', channel: 'U0OPERATOR' })]);
    expect(posted()).toContain(
      'The file is the output of host store12-edge-09 in demo, not store12-edge-02 in demo',
    );
  });

  it('tells the uploader when the file is not the diagnostics output', async () => {
    expect(await upload(async () => 'hello\n')).toEqual({ outcome: 'refused' });
    expect(h.sent).toHaveLength(1);
    expect(posted()).toContain('The file is not the diagnostics output');
  });

  it('tells the uploader when the file turns out bigger than the limit', async () => {
    const tooBig = async (): Promise<string> => {
      throw new BotError(ErrorCode.Validation, 'out.txt is larger than 64 KB.', { retryable: false });
    };
    expect(await upload(tooBig)).toEqual({ outcome: 'refused' });
    expect(h.sent).toHaveLength(1);
    expect(posted()).toContain('out.txt is larger than 64 KB.');
  });

  it('lets the job be retried when Slack cannot be reached, telling nobody yet', async () => {
    const down = async (): Promise<string> => {
      throw new BotError(ErrorCode.Unavailable, 'Slack could not be reached for the file.');
    };
    await expect(upload(down)).rejects.toThrow('Slack could not be reached');
    expect(h.sent).toEqual([]);
  });
});
