import type { HandlerDeps } from '../../../handlers/handler-deps';
import { hostDebugUploadSubmit } from '../../../handlers/views/host-debug-upload-view';
import { viewSubmission } from '../../support/hosts-support';

/** The form's handler with an in-memory ledger: what it would accept, and the ack it sends Slack. */
function submit(files: Record<string, unknown>[] | undefined, user = 'U0OPERATOR') {
  const accepted: unknown[] = [];
  const deps = {
    access: { admins: [], approvers: [], operators: ['U0OPERATOR'], viewers: ['*'] },
    groups: { groupsOf: async () => [] },
    clock: { now: () => 0 },
    log: { error: () => undefined, warn: () => undefined },
    ledger: { recordFirstDelivery: async (...args: unknown[]) => void accepted.push(args) },
  } as unknown as HandlerDeps;
  const body = viewSubmission(user, 'host_debug_upload', {}) as {
    user: { id: string };
    view: { private_metadata: string; state: unknown };
  };
  body.view.private_metadata = JSON.stringify({ cluster: 'demo', host: 'store12-edge-02' });
  body.view.state = {
    values: { debug_output: { file: { type: 'file_input', ...(files ? { files } : {}) } } },
  };
  const acks: unknown[] = [];
  const run = hostDebugUploadSubmit(deps)({
    ack: async (r?: unknown) => void acks.push(r),
    body,
    view: body.view,
  } as never);
  return run.then(() => ({ ack: acks[0], accepted }));
}

const file = (o: Record<string, unknown> = {}) => ({
  id: 'F0OUT',
  name: 'hybrid-debug-store12-edge-02.txt',
  filetype: 'text',
  mimetype: 'text/plain',
  size: 12_000,
  url_private: 'https://files.slack.com/files-pri/T0-F0OUT/hybrid-debug-store12-edge-02.txt',
  url_private_download:
    'https://files.slack.com/files-pri/T0-F0OUT/download/hybrid-debug-store12-edge-02.txt',
  ...o,
});

const fieldError = (ack: unknown) =>
  (ack as { errors?: Record<string, string> } | undefined)?.errors?.debug_output;

describe('the Upload output form', () => {
  it('accepts one text file: a job with its URL, never its contents, then an empty ack', async () => {
    const { ack, accepted } = await submit([file()]);
    expect(ack).toBeUndefined();
    expect(accepted).toHaveLength(1);
    const work = JSON.stringify(accepted[0]);
    expect(work).toContain('host debug-upload');
    expect(work).toContain('download/hybrid-debug-store12-edge-02.txt');
  });

  it('keeps the form open, accepting nothing, with no file, an image, or a file too big', async () => {
    const none = await submit(undefined);
    expect(fieldError(none.ack)).toBe(
      'Attach the file `/root/hybrid-debug-store12-edge-02.txt` the command wrote.',
    );
    const image = await submit([file({ name: 'screen.png', filetype: 'png', mimetype: 'image/png' })]);
    expect(fieldError(image.ack)).toContain('screen.png is not a text file (image/png)');
    const big = await submit([file({ size: 5_000_000 })]);
    expect(fieldError(big.ack)).toContain('is 4883 KB; the diagnostics output is at most 64 KB');
    expect([...none.accepted, ...image.accepted, ...big.accepted]).toEqual([]);
  });

  it('refuses a user without the operator role', async () => {
    const { ack, accepted } = await submit([file()], 'U0VIEWER');
    expect(fieldError(ack)).toBe('Uploading host diagnostics needs the operator role.');
    expect(accepted).toEqual([]);
  });
});
