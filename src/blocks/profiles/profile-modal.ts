import { stringify } from 'yaml';
import { type ClusterProfile, CONTAINERD_SOURCES, HOST_OSES, OS_MODES } from '../../domain/profiles/profile';
import { INPUT_ACTION } from '../hosts/register-modal';

export const PROFILE_FORM_VIEW = 'profile_form';
export const PROFILE_IMPORT_VIEW = 'profile_import';

/** The profile form's block IDs, one per field. */
export const PROFILE_BLOCKS = {
  name: 'name',
  version: 'version',
  description: 'description',
  kubernetesVersion: 'k8s',
  osMode: 'os_mode',
  image: 'image',
  supported: 'supported',
  containerdSource: 'containerd_source',
  kubelet: 'kubelet',
  containerd: 'containerd',
} as const;
export type ProfileField = keyof typeof PROFILE_BLOCKS;

export const IMPORT_YAML_BLOCK = 'yaml';
export const IMPORT_FILE_BLOCK = 'yaml_file';

/** Slack's plain_text_input takes at most 3,000 characters. */
export const TEXT_INPUT_MAX = 3000;

/** What the form remembers between opening and submitting (Slack hands it back as private_metadata). */
export interface ProfileFormMetadata {
  channel: string;
  mode: 'create' | 'edit';
  /** Edit: the version the form started from. */
  from?: string;
  /** Edit: the version the form proposed; left as is, the saved version is proposed again from the edit. */
  proposed?: string;
}

const plain = (text: string) => ({ type: 'plain_text', text });
const option = (value: string, text = value) => ({ text: plain(text), value });

function input(
  block: string,
  label: string,
  element: Record<string, unknown>,
  opts: { optional?: boolean; hint?: string } = {},
) {
  return {
    type: 'input',
    block_id: block,
    optional: opts.optional ?? false,
    label: plain(label),
    element: { action_id: INPUT_ACTION, ...element },
    ...(opts.hint ? { hint: plain(opts.hint) } : {}),
  };
}

function text(initial: string | undefined, placeholder: string, multiline = false) {
  return {
    type: 'plain_text_input',
    multiline,
    max_length: TEXT_INPUT_MAX,
    placeholder: plain(placeholder),
    ...(initial ? { initial_value: initial } : {}),
  };
}

function staticSelect(values: readonly string[], initial: string | undefined) {
  const options = values.slice(0, 100).map((v) => option(v));
  const chosen = options.find((o) => o.value === initial);
  return { type: 'static_select', options, ...(chosen ? { initial_option: chosen } : {}) };
}

/** Kubelet settings as the form shows them: the profile's `kubelet` (config and flags) as YAML. */
export function kubeletYaml(profile: ClusterProfile | undefined): string {
  const kubelet = profile?.spec.kubernetes.kubelet;
  return kubelet ? stringify(kubelet) : '';
}

/**
 * `/hybrid profile create` (empty, version 1.0.0) and `/hybrid profile edit <name>` (the latest
 * version, with the proposed next version in the version field).
 */
export function profileModal(opts: {
  kubernetesVersions: readonly string[];
  metadata: ProfileFormMetadata;
  initial?: ClusterProfile;
  version?: string;
}): Record<string, unknown> {
  const p = opts.initial;
  const edit = opts.metadata.mode === 'edit';
  const supported = (p?.spec.os.supported ?? []).map((os) => option(os));
  return {
    type: 'modal',
    callback_id: PROFILE_FORM_VIEW,
    private_metadata: JSON.stringify(opts.metadata),
    title: plain(edit ? 'Edit a cluster profile' : 'New cluster profile'),
    submit: plain(edit ? 'Save version' : 'Create'),
    close: plain('Cancel'),
    blocks: [
      edit && p
        ? {
            type: 'section',
            block_id: 'editing',
            text: {
              type: 'mrkdwn',
              text: `Editing *${p.metadata.name}* from version ${p.metadata.version}. Saved versions never change: this saves a new one.`,
            },
          }
        : undefined,
      input(PROFILE_BLOCKS.name, 'Name', text(p?.metadata.name, 'edge-standard (lowercase RFC 1123)')),
      input(PROFILE_BLOCKS.version, 'Version', text(opts.version ?? '1.0.0', '1.0.0'), {
        hint: 'SemVer. An existing version is never overwritten.',
      }),
      input(
        PROFILE_BLOCKS.description,
        'Description',
        text(p?.metadata.description, 'what this profile is for'),
        {
          optional: true,
        },
      ),
      input(
        PROFILE_BLOCKS.kubernetesVersion,
        'Kubernetes version',
        staticSelect(opts.kubernetesVersions, p?.spec.kubernetes.version),
      ),
      input(PROFILE_BLOCKS.osMode, 'OS mode', {
        type: 'static_select',
        options: OS_MODES.map((m) =>
          option(m, m === 'agent' ? 'agent: the host keeps its OS' : 'appliance: imaged host'),
        ),
        initial_option: option(
          p?.spec.os.mode ?? 'agent',
          (p?.spec.os.mode ?? 'agent') === 'agent'
            ? 'agent: the host keeps its OS'
            : 'appliance: imaged host',
        ),
      }),
      input(PROFILE_BLOCKS.image, 'OS image', text(p?.spec.os.image, 'provider image reference'), {
        optional: true,
        hint: 'Appliance mode only.',
      }),
      input(
        PROFILE_BLOCKS.supported,
        'Supported host OSes',
        {
          type: 'multi_static_select',
          options: HOST_OSES.map((os) => option(os)),
          ...(supported.length > 0 ? { initial_options: supported } : {}),
        },
        { optional: true },
      ),
      input(
        PROFILE_BLOCKS.containerdSource,
        'containerd source',
        staticSelect(CONTAINERD_SOURCES, p?.spec.kubernetes.containerdSource ?? 'distro'),
        { hint: 'nodeadm install --containerd-source' },
      ),
      input(
        PROFILE_BLOCKS.kubelet,
        'Kubelet settings (YAML)',
        text(
          kubeletYaml(p) || undefined,
          'config:\n  maxPods: 110\nflags:\n  - --node-labels=tier=edge',
          true,
        ),
        { optional: true, hint: 'config: KubeletConfiguration fields; flags: extra kubelet flags.' },
      ),
      input(
        PROFILE_BLOCKS.containerd,
        'containerd configuration (TOML)',
        text(p?.spec.kubernetes.containerd?.config, 'version = 2', true),
        { optional: true },
      ),
    ].filter((b) => b !== undefined),
  };
}

/** `/hybrid profile import`: YAML pasted in the box, or a shared file for longer ones. */
export function importModal(channel: string): Record<string, unknown> {
  return {
    type: 'modal',
    callback_id: PROFILE_IMPORT_VIEW,
    private_metadata: JSON.stringify({ channel }),
    title: plain('Import a cluster profile'),
    submit: plain('Import'),
    close: plain('Cancel'),
    blocks: [
      input(
        IMPORT_YAML_BLOCK,
        'Profile YAML',
        text(undefined, 'apiVersion: hybrid-bot.io/v1\nkind: ClusterProfile\n…', true),
        {
          optional: true,
          hint: 'As `/hybrid profile export` writes it. Every problem is named with its line.',
        },
      ),
      input(
        IMPORT_FILE_BLOCK,
        '…or a YAML file (for profiles longer than the box takes)',
        { type: 'file_input', filetypes: ['yaml', 'yml', 'txt'], max_files: 1 },
        { optional: true },
      ),
    ],
  };
}
