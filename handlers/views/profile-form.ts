import { LineCounter, parseDocument } from 'yaml';
import { INPUT_ACTION } from '../../src/blocks/hosts/register-modal';
import { PROFILE_BLOCKS, type ProfileField } from '../../src/blocks/profiles/profile-modal';
import { PROFILE_API_VERSION, PROFILE_KIND, type ProfileProblem } from '../../src/domain/profiles/profile';
import { fieldValue, type StateValues } from './view-values';

export type FieldErrors = Partial<Record<ProfileField, string>>;

/**
 * The profile the form describes, as a plain object for the domain to validate; the kubelet box's
 * YAML is read here, and a box that does not parse is an error of that field alone.
 */
export function profileInputOf(values: StateValues): { input: unknown; errors: FieldErrors } {
  const get = (field: ProfileField) => fieldValue(values, PROFILE_BLOCKS[field]);
  const errors: FieldErrors = {};
  const supported = (
    values[PROFILE_BLOCKS.supported]?.[INPUT_ACTION] as { selected_options?: { value: string }[] } | undefined
  )?.selected_options?.map((o) => o.value);
  let kubelet: unknown;
  const kubeletText = get('kubelet');
  if (kubeletText) {
    const lineCounter = new LineCounter();
    const doc = parseDocument(kubeletText, { lineCounter, uniqueKeys: true });
    const [error] = doc.errors;
    if (error) {
      const at = error.linePos?.[0];
      errors.kubelet = `${at ? `line ${at.line}, column ${at.col}: ` : ''}this is not YAML (${error.message.split('\n', 1)[0]}).`;
    } else kubelet = doc.toJS({ maxAliasCount: 100 });
  }
  const image = get('image');
  const description = get('description');
  const containerd = get('containerd');
  const input = {
    apiVersion: PROFILE_API_VERSION,
    kind: PROFILE_KIND,
    metadata: { name: get('name'), version: get('version'), ...(description ? { description } : {}) },
    spec: {
      os: {
        mode: get('osMode') || 'agent',
        ...(image ? { image } : {}),
        ...(supported && supported.length > 0 ? { supported } : {}),
      },
      kubernetes: {
        version: get('kubernetesVersion'),
        containerdSource: get('containerdSource') || 'distro',
        ...(kubelet !== undefined && kubelet !== null ? { kubelet } : {}),
        ...(containerd ? { containerd: { config: containerd } } : {}),
      },
    },
  };
  return { input, errors };
}

const FIELD_OF_PATH: [string, ProfileField][] = [
  ['metadata.name', 'name'],
  ['metadata.version', 'version'],
  ['metadata.description', 'description'],
  ['spec.os.mode', 'osMode'],
  ['spec.os.image', 'image'],
  ['spec.os.supported', 'supported'],
  ['spec.kubernetes.version', 'kubernetesVersion'],
  ['spec.kubernetes.containerdSource', 'containerdSource'],
  ['spec.kubernetes.kubelet', 'kubelet'],
  ['spec.kubernetes.containerd', 'containerd'],
];

/** The form field a problem belongs to: the longest path prefix that names one, else the name field. */
export function fieldOfProblem(path: string): ProfileField {
  const found = FIELD_OF_PATH.find(
    ([prefix]) => path === prefix || path.startsWith(`${prefix}.`) || path.startsWith(`${prefix}[`),
  );
  return found?.[1] ?? 'name';
}

/** Problems grouped under their fields, as Slack's `response_action: errors` takes them (by block ID). */
export function errorsByBlock(
  problems: readonly ProfileProblem[],
  extra: FieldErrors = {},
): Record<string, string> {
  const byField = new Map<ProfileField, string[]>();
  for (const [field, message] of Object.entries(extra) as [ProfileField, string][])
    byField.set(field, [message]);
  for (const p of problems) {
    const field = fieldOfProblem(p.path);
    byField.set(field, [...(byField.get(field) ?? []), p.message]);
  }
  return Object.fromEntries(
    [...byField].map(([field, messages]) => [PROFILE_BLOCKS[field], messages.join('\n').slice(0, 2000)]),
  );
}
