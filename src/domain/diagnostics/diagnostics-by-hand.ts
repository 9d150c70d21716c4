import { DIAGNOSTIC_SECTIONS, diagnosticsScript, sectionMarker } from './diagnostics-script';
import { type HostDiagnostics, parseDiagnostics } from './parse-diagnostics';

/**
 * Diagnostics on a host the bot cannot reach (IAM Roles Anywhere: no SSM agent): the requester runs
 * the same script as root, then uploads the file it wrote, which is read as the Run Command's output.
 */

/** Where the command writes the output: root's home, not /tmp, where another user could plant a link. */
export function byHandOutputPath(host: string): string {
  return `/root/hybrid-debug-${host}.txt`;
}

/** The line the command prints first, so an upload can be matched to the host it came from. */
function hostLine(host: { name: string; cluster: string }): string {
  return `=== hybrid-bot: host debug of ${host.name} in ${host.cluster} ===`;
}
const HOST_LINE = /^=== hybrid-bot: host debug of (\S+) in (\S+) ===$/m;

/**
 * One command, pasted as is in root's shell: the SSM script run by `sh` (as Run Command runs it), its
 * input closed so no tool in it reads the rest of a paste, its output in a file only root may read
 * (it may hold secrets until the bot redacts them).
 */
export function diagnosticsByHandCommand(host: { name: string; cluster: string }): string {
  const script = [`printf '%s\\n' '${hostLine(host)}'`, diagnosticsScript()].join('\n');
  return [
    `(umask 077 && sh -c "$(cat <<'HYBRID_DEBUG_EOF'`,
    script,
    'HYBRID_DEBUG_EOF',
    `)" </dev/null >${byHandOutputPath(host.name)} 2>&1)`,
  ].join('\n');
}

/** Far above what the script prints (its sections are bounded to about 17 KB), far below a log dump. */
export const UPLOAD_MAX_BYTES = 64 * 1024;
/** The file input's accepted extensions: the command writes a .txt; a renamed .log is text too. */
export const UPLOAD_FILETYPES = ['txt', 'log'];

/** What Slack says of an uploaded file (the file_input's state): only what a check can read without its bytes. */
export interface UploadedFileFacts {
  name?: string;
  filetype?: string;
  mimetype?: string;
  size?: number;
}

const kb = (bytes: number) => `${Math.ceil(bytes / 1024)} KB`;

/** Why Slack's description of the upload rules it out before it is downloaded, if it does. */
export function uploadedFileProblem(file: UploadedFileFacts | undefined, host: string): string | undefined {
  const what = `the file \`${byHandOutputPath(host)}\` the command wrote`;
  if (!file) return `Attach ${what}.`;
  const text =
    file.mimetype?.startsWith('text/') ||
    ['text', ...UPLOAD_FILETYPES].includes(file.filetype ?? '') ||
    UPLOAD_FILETYPES.some((t) => file.name?.toLowerCase().endsWith(`.${t}`));
  if (!text)
    return `${file.name ?? 'That file'} is not a text file (${file.mimetype || file.filetype || 'unknown type'}): attach ${what}.`;
  if (file.size !== undefined && file.size > UPLOAD_MAX_BYTES)
    return `${file.name ?? 'That file'} is ${kb(file.size)}; the diagnostics output is at most ${kb(UPLOAD_MAX_BYTES)}: attach ${what}.`;
  return undefined;
}

export type UploadedDiagnostics = { ok: true; diagnostics: HostDiagnostics } | { ok: false; problem: string };

/** The uploaded text read as the Run Command's output, once it is known to be that host's diagnostics. */
export function readUploadedDiagnostics(
  text: string,
  host: { name: string; cluster: string },
): UploadedDiagnostics {
  const rerun = `Run the command \`/hybrid host debug ${host.name} --cluster ${host.cluster}\` gives on ${host.name} as root, then upload the file it writes, \`${byHandOutputPath(host.name)}\`.`;
  // A NUL byte: an archive, an image, anything but the script's text.
  if (text.includes('\0')) return { ok: false, problem: `The file is not text. ${rerun}` };
  const lines = new Set(text.replace(/\r\n/g, '\n').split('\n'));
  if (!DIAGNOSTIC_SECTIONS.some((s) => lines.has(sectionMarker(s))))
    return {
      ok: false,
      problem: `The file is not the diagnostics output: none of its sections is there. ${rerun}`,
    };
  const from = HOST_LINE.exec(text);
  if (!from) return { ok: false, problem: `The file does not say which host it came from. ${rerun}` };
  if (from[1] !== host.name || from[2] !== host.cluster)
    return {
      ok: false,
      problem: `The file is the output of host ${from[1]} in ${from[2]}, not ${host.name} in ${host.cluster}: upload it from that host's own \`/hybrid host debug\` message. ${rerun}`,
    };
  return { ok: true, diagnostics: parseDiagnostics(text) };
}
