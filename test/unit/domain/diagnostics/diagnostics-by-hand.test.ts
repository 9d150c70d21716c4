import {
  byHandOutputPath,
  diagnosticsByHandCommand,
  readUploadedDiagnostics,
  UPLOAD_MAX_BYTES,
  uploadedFileProblem,
} from '../../../../src/domain/diagnostics/diagnostics-by-hand';
import { diagnosticsScript } from '../../../../src/domain/diagnostics/diagnostics-script';
import { parseDiagnostics } from '../../../../src/domain/diagnostics/parse-diagnostics';
import { diagnosticsOutput } from '../../../support/diagnostics-output';

const host = { name: 'store12-edge-02', cluster: 'demo' };
/** What the command writes: its host line, then what the Run Command would have printed. */
const uploaded = (from = host) =>
  `=== hybrid-bot: host debug of ${from.name} in ${from.cluster} ===\n${diagnosticsOutput()}`;

describe('diagnosticsByHandCommand', () => {
  it('runs the Run Command script itself with sh, its output into a file only root may read', () => {
    const command = diagnosticsByHandCommand(host);
    expect(command).toContain(diagnosticsScript());
    expect(command.startsWith(`(umask 077 && sh -c "$(cat <<'HYBRID_DEBUG_EOF'\n`)).toBe(true);
    expect(command.endsWith(`)" </dev/null >/root/hybrid-debug-store12-edge-02.txt 2>&1)`)).toBe(true);
    expect(byHandOutputPath('store12-edge-02')).toBe('/root/hybrid-debug-store12-edge-02.txt');
  });
});

describe('readUploadedDiagnostics', () => {
  it('reads an upload exactly as the Run Command output: the same failing checks, services and kubelet errors', () => {
    const read = readUploadedDiagnostics(uploaded(), host);
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    expect(read.diagnostics).toEqual(parseDiagnostics(diagnosticsOutput()));
    expect(read.diagnostics.nodeadm.checks.filter((c) => !c.passed).map((c) => c.name)).toEqual([
      'ntp-sync',
      'network-interface',
    ]);
    expect(read.diagnostics.services.kubelet).toBe('activating');
  });

  it('reads Windows line endings as well', () => {
    const read = readUploadedDiagnostics(uploaded().replace(/\n/g, '\r\n'), host);
    expect(read.ok && read.diagnostics.nodeadm.checks.length).toBe(13);
  });

  it('refuses output of another host, naming both, and output that does not say its host', () => {
    const other = readUploadedDiagnostics(uploaded({ name: 'store12-edge-09', cluster: 'demo' }), host);
    expect(other).toEqual({
      ok: false,
      problem: expect.stringContaining(
        'The file is the output of host store12-edge-09 in demo, not store12-edge-02 in demo',
      ),
    });
    const anonymous = readUploadedDiagnostics(diagnosticsOutput(), host);
    expect(anonymous).toEqual({ ok: false, problem: expect.stringContaining('does not say which host') });
  });

  it('refuses a file that is not the diagnostics output, or not text, saying what to run', () => {
    const notOutput = readUploadedDiagnostics('Dec 07 kubelet[2211]: started\n', host);
    expect(notOutput).toEqual({
      ok: false,
      problem: expect.stringContaining('not the diagnostics output'),
    });
    if (!notOutput.ok)
      expect(notOutput.problem).toContain(
        '`/hybrid host debug store12-edge-02 --cluster demo` gives on store12-edge-02 as root, then upload the file it writes, `/root/hybrid-debug-store12-edge-02.txt`',
      );
    expect(readUploadedDiagnostics(`${uploaded()}\0\x89PNG`, host)).toEqual({
      ok: false,
      problem: expect.stringContaining('The file is not text.'),
    });
  });
});

describe('uploadedFileProblem', () => {
  const text = {
    name: 'hybrid-debug-store12-edge-02.txt',
    filetype: 'text',
    mimetype: 'text/plain',
    size: 9000,
  };

  it('takes the text file the command wrote', () => {
    expect(uploadedFileProblem(text, 'store12-edge-02')).toBeUndefined();
    expect(
      uploadedFileProblem({ ...text, name: 'debug.log', filetype: 'binary', mimetype: '' }, 'h'),
    ).toBeUndefined();
  });

  it('asks for the file when none is attached, a text file for an image, a smaller one for a big one', () => {
    expect(uploadedFileProblem(undefined, 'store12-edge-02')).toBe(
      'Attach the file `/root/hybrid-debug-store12-edge-02.txt` the command wrote.',
    );
    expect(
      uploadedFileProblem({ name: 'screen.png', filetype: 'png', mimetype: 'image/png', size: 100 }, 'h'),
    ).toBe(
      'screen.png is not a text file (image/png): attach the file `/root/hybrid-debug-h.txt` the command wrote.',
    );
    expect(uploadedFileProblem({ ...text, size: UPLOAD_MAX_BYTES + 1 }, 'h')).toBe(
      'hybrid-debug-store12-edge-02.txt is 65 KB; the diagnostics output is at most 64 KB: attach the file `/root/hybrid-debug-h.txt` the command wrote.',
    );
  });
});
