/** `edge-base` or `edge-base@1.2.0`, as typed after `/hybrid profile show` and its siblings. */
export interface ProfileRef {
  name: string;
  /** Absent: the latest version. */
  version?: string;
}

export type ProfileRefResult = { ok: true; ref: ProfileRef } | { ok: false; message: string };

export function parseProfileRef(text: string, opts: { versionRequired?: boolean } = {}): ProfileRefResult {
  const at = text.indexOf('@');
  const name = at < 0 ? text : text.slice(0, at);
  const version = at < 0 ? undefined : text.slice(at + 1);
  if (name === '' || version === '') {
    return {
      ok: false,
      message: `"${text}" is not a profile: write name or name@version, e.g. edge-base@1.2.0.`,
    };
  }
  if (opts.versionRequired && version === undefined) {
    return {
      ok: false,
      message: `Say which version of ${name}: write ${name}@1.2.0 (see \`/hybrid profile show ${name}\`).`,
    };
  }
  return { ok: true, ref: version === undefined ? { name } : { name, version } };
}

export function formatProfileRef(ref: { name: string; version: string }): string {
  return `${ref.name}@${ref.version}`;
}
