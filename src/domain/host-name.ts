/**
 * Host names follow RFC 1123, in lowercase because with IAM Roles Anywhere the host name becomes the
 * Kubernetes node name, which Kubernetes requires to be a lowercase DNS subdomain.
 */
export const HOST_NAME_MAX_LENGTH = 253;
export const HOST_LABEL_MAX_LENGTH = 63;

const LABEL = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;
const HINT = 'Use lowercase letters, digits and "-", with "." between labels (e.g. store-12-pos-1).';

/** Returns what is wrong with the name and what to do, or undefined when it is valid. */
export function hostNameProblem(name: string): string | undefined {
  if (name.length === 0) return `A host name is required. ${HINT}`;
  if (name.length > HOST_NAME_MAX_LENGTH) {
    return `Host name is ${name.length} characters; at most ${HOST_NAME_MAX_LENGTH} are allowed. Use a shorter name.`;
  }
  const bad = name.match(/[^a-z0-9.-]/);
  if (bad) {
    const hint = /[A-Z]/.test(bad[0]) ? ' Use lowercase.' : ` ${HINT}`;
    return `Host name "${name}" contains "${bad[0]}", which is not allowed.${hint}`;
  }
  for (const label of name.split('.')) {
    if (label.length === 0)
      return `Host name "${name}" has an empty label (leading, trailing or double "."). ${HINT}`;
    if (label.length > HOST_LABEL_MAX_LENGTH) {
      return `Host name label "${label.slice(0, 20)}…" is ${label.length} characters; each label may have at most ${HOST_LABEL_MAX_LENGTH}.`;
    }
    if (!LABEL.test(label)) {
      return `Host name label "${label}" starts or ends with "-". Start and end each label with a letter or digit.`;
    }
  }
  return undefined;
}
