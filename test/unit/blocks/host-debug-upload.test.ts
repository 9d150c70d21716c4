import { decodeSlackEntities } from '../../../sim/console/mrkdwn';
import { hostDebugMessage } from '../../../src/blocks/diagnostics/host-debug-message';
import {
  byHandRemedies,
  HOST_DEBUG_UPLOAD_ACTION,
  HOST_DEBUG_UPLOAD_VIEW,
  hostDebugByHandMessage,
  hostDebugUploadModal,
  readUploadTarget,
} from '../../../src/blocks/diagnostics/host-debug-upload';
import { diagnosticsByHandCommand } from '../../../src/domain/diagnostics/diagnostics-by-hand';
import { parseDiagnostics } from '../../../src/domain/diagnostics/parse-diagnostics';
import { diagnosticsOutput } from '../../support/diagnostics-output';

const host = { name: 'store12-edge-02', cluster: 'demo' };
type Block = {
  type: string;
  text?: { text: string };
  elements?: Record<string, unknown>[];
  element?: Record<string, unknown>;
};

describe('hostDebugByHandMessage', () => {
  const command = diagnosticsByHandCommand(host);
  const m = hostDebugByHandMessage(host, command);
  const blocks = m.blocks as Block[];

  it('gives the one command as a code block that reads back, as Slack shows it, to the command itself', () => {
    const code = blocks.map((b) => b.text?.text ?? '').find((t) => t.startsWith('```')) ?? '';
    expect(code).not.toMatch(/[<>]/);
    expect(decodeSlackEntities(code.replace(/^```/, '').replace(/```$/, ''))).toBe(command);
    expect(JSON.stringify(blocks)).toContain(
      'it writes its output to `/root/hybrid-debug-store12-edge-02.txt`',
    );
  });

  it('has an Upload output button for that host', () => {
    const button = blocks.find((b) => b.type === 'actions')?.elements?.[0];
    expect(button).toMatchObject({ action_id: HOST_DEBUG_UPLOAD_ACTION, text: { text: 'Upload output' } });
    expect(readUploadTarget(String(button?.value))).toEqual({ cluster: 'demo', host: 'store12-edge-02' });
  });
});

describe('hostDebugUploadModal', () => {
  it('asks for one text file in a file_input, and keeps which host it is for', () => {
    const view = hostDebugUploadModal({ cluster: 'demo', host: 'store12-edge-02' });
    expect(view.callback_id).toBe(HOST_DEBUG_UPLOAD_VIEW);
    expect(readUploadTarget(String(view.private_metadata))).toEqual({
      cluster: 'demo',
      host: 'store12-edge-02',
    });
    const input = (view.blocks as Block[]).find((b) => b.type === 'input');
    expect(input?.element).toEqual({
      type: 'file_input',
      action_id: 'file',
      filetypes: ['txt', 'log'],
      max_files: 1,
    });
  });

  it('reads no target from a value the bot did not make', () => {
    expect(readUploadTarget('{"host":"x"}')).toBeUndefined();
    expect(readUploadTarget('not json')).toBeUndefined();
    expect(readUploadTarget(undefined)).toBeUndefined();
  });
});

describe('an uploaded summary', () => {
  const d = parseDiagnostics(diagnosticsOutput());

  it('names the host without an instance ID and who uploaded the output', () => {
    const m = hostDebugMessage({ name: 'store12-edge-02', cluster: 'demo' }, d, 0, { user: 'U0OPERATOR' });
    expect(m.text).toContain('Host debug for store12-edge-02: `nodeadm debug`: 2 of 13 checks failed.');
    const all = JSON.stringify(m.blocks);
    expect(all).toContain('*store12-edge-02* in demo');
    expect(all).toContain('Run by hand on the host; output uploaded by <@U0OPERATOR>');
    expect(all).not.toContain('Checked');
  });

  it('offers remedies as commands to run on the host, the one the diagnostics point to first, and no button', () => {
    const blocks = byHandRemedies(host, d) as Block[];
    expect(blocks.some((b) => b.type === 'actions')).toBe(false);
    const text = blocks.map((b) => b.text?.text ?? JSON.stringify(b.elements)).join('\n');
    expect(text).toContain(
      '• Restart kubelet (the diagnostics point here): `systemctl restart kubelet`\n• Restart containerd: `systemctl restart containerd`',
    );
    expect(text).toContain('`/hybrid host debug store12-edge-02 --cluster demo`');
  });
});
