import { BULK_COLUMNS, BULK_MAX_HOSTS } from '../../domain/bulk-hosts-csv';
import type { RegistrationField } from '../../domain/host-registration';

export const HOST_REGISTER_VIEW = 'host_register';
export const HOST_BULK_VIEW = 'host_register_bulk';
/** Every input's action_id; the block_id names the field. */
export const INPUT_ACTION = 'value';

/** Block IDs of the single-host form, named after the registration fields they fill. */
export const FIELD_BLOCKS: Record<RegistrationField, string> = {
  cluster: 'cluster',
  name: 'name',
  site: 'site',
  ip: 'ip',
  arch: 'arch',
  auth: 'auth',
  kubernetesVersion: 'k8s',
};

const plain = (text: string) => ({ type: 'plain_text', text });
const option = (value: string, text: string) => ({ text: plain(text), value });

function textInput(block: string, label: string, placeholder: string, optional = false, multiline = false) {
  return {
    type: 'input',
    block_id: block,
    optional,
    label: plain(label),
    element: {
      type: 'plain_text_input',
      action_id: INPUT_ACTION,
      multiline,
      placeholder: plain(placeholder),
    },
  };
}

function select(
  block: string,
  label: string,
  options: { text: { type: string; text: string }; value: string }[],
) {
  const [first] = options;
  return {
    type: 'input',
    block_id: block,
    label: plain(label),
    element: {
      type: 'static_select',
      action_id: INPUT_ACTION,
      options,
      ...(first ? { initial_option: first } : {}),
    },
  };
}

const clusterSelect = (clusters: readonly string[]) =>
  select(
    FIELD_BLOCKS.cluster,
    'Cluster',
    clusters.slice(0, 100).map((c) => option(c, c)),
  );

/** `/hybrid host register` with no arguments (or `--join` alone). private_metadata carries where to answer. */
export function registerModal(
  clusters: readonly string[],
  privateMetadata: string,
  join = false,
): Record<string, unknown> {
  return {
    type: 'modal',
    callback_id: HOST_REGISTER_VIEW,
    private_metadata: privateMetadata,
    title: plain('Register an edge host'),
    submit: plain('Register'),
    close: plain('Cancel'),
    blocks: [
      clusterSelect(clusters),
      textInput(FIELD_BLOCKS.name, 'Host name', 'store-12-pos-1 (lowercase RFC 1123)'),
      textInput(FIELD_BLOCKS.site, 'Site', 'store-12'),
      textInput(FIELD_BLOCKS.ip, 'IP address', '10.80.1.20, inside the remote node networks'),
      select(FIELD_BLOCKS.arch, 'Architecture', [option('amd64', 'amd64'), option('arm64', 'arm64')]),
      select(FIELD_BLOCKS.auth, 'Credential method', [
        option('ssm', 'SSM hybrid activation'),
        option('iam-ra', 'IAM Roles Anywhere'),
      ]),
      textInput(
        FIELD_BLOCKS.kubernetesVersion,
        'Kubernetes version',
        "the cluster's version when empty",
        true,
      ),
      joinCheckbox(join, 'host'),
    ],
  };
}

/** The checkbox that keeps the one-step bootstrap (`--join`); its one option's value. */
export const JOIN_BLOCK = 'join';
export const JOIN_VALUE = 'join';

function joinCheckbox(checked: boolean, hosts: 'host' | 'hosts') {
  const join = option(JOIN_VALUE, 'Join the cluster now (nodeadm init)');
  const hint =
    hosts === 'host'
      ? 'Ticked, the bootstrap also runs nodeadm init and the host joins outside any pool. Unticked, it is only registered, and a pool joins it later.'
      : 'Ticked, the bootstraps also run nodeadm init and the hosts join outside any pool. Unticked, they are only registered, and a pool joins them later.';
  return {
    type: 'input',
    block_id: JOIN_BLOCK,
    optional: true,
    label: plain('Joining'),
    hint: plain(hint),
    element: {
      type: 'checkboxes',
      action_id: INPUT_ACTION,
      options: [join],
      ...(checked ? { initial_options: [join] } : {}),
    },
  };
}

export const BULK_CSV_BLOCK = 'csv';
export const BULK_FILE_BLOCK = 'csv_file';

/** `/hybrid host register --bulk [--join]`: one cluster, a pasted CSV. */
export function bulkModal(
  clusters: readonly string[],
  privateMetadata: string,
  join = false,
): Record<string, unknown> {
  return {
    type: 'modal',
    callback_id: HOST_BULK_VIEW,
    private_metadata: privateMetadata,
    title: plain('Register edge hosts'),
    submit: plain('Register all'),
    close: plain('Cancel'),
    blocks: [
      clusterSelect(clusters),
      textInput(
        FIELD_BLOCKS.kubernetesVersion,
        'Kubernetes version',
        "the cluster's version when empty",
        true,
      ),
      {
        ...textInput(
          BULK_CSV_BLOCK,
          `Hosts, one per line: ${BULK_COLUMNS}`,
          'store12-pos-1,store-12,10.80.1.21,ssm,amd64',
          false,
          true,
        ),
        optional: true,
        hint: plain(
          `Up to ${BULK_MAX_HOSTS} hosts. Every row is checked first; nothing is created if any row is wrong.`,
        ),
      },
      {
        type: 'input',
        block_id: BULK_FILE_BLOCK,
        optional: true,
        label: plain('…or a CSV file (for lists longer than the box takes)'),
        element: { type: 'file_input', action_id: INPUT_ACTION, filetypes: ['csv', 'txt'], max_files: 1 },
      },
      joinCheckbox(join, 'hosts'),
    ],
  };
}
