import { auditMessage } from '../../src/blocks/audit-message';
import {
  changeDetailsMessage,
  changeMessage,
  changesListMessage,
} from '../../src/blocks/changes/change-message';
import { cniShowMessage } from '../../src/blocks/cni/cni-show-message';
import { hostDebugMessage, hostUnreachableMessage } from '../../src/blocks/diagnostics/host-debug-message';
import {
  hostDebugFailedMessage,
  hostDebugRunningMessage,
  hostDebugStartedReply,
} from '../../src/blocks/diagnostics/host-debug-progress';
import {
  byHandRemedies,
  hostDebugByHandMessage,
  hostDebugUploadModal,
  uploadRefusedMessage,
} from '../../src/blocks/diagnostics/host-debug-upload';
import { withRemedies } from '../../src/blocks/diagnostics/host-remedy-buttons';
import { helpMessage } from '../../src/blocks/help-message';
import { homeView } from '../../src/blocks/home-view';
import { bootstrapMessage } from '../../src/blocks/hosts/bootstrap-message';
import {
  bulkProgressMessage,
  bulkRowsRefusedMessage,
  bulkSecretsSentMessage,
} from '../../src/blocks/hosts/bulk-messages';
import { hostDetailMessage, inventoryMessage } from '../../src/blocks/hosts/inventory-message';
import { bulkModal, registerModal } from '../../src/blocks/hosts/register-modal';
import {
  activationExpiredMessage,
  activationIssuedNotice,
  hostJoinedNotice,
  hostRegisteredNotice,
  nodeNotJoinedMessage,
} from '../../src/blocks/hosts/registration-notices';
import {
  activationsWithdrawnMessage,
  activationsWithdrawnNotice,
} from '../../src/blocks/hosts/withdrawn-message';
import { alertGroupMessage, alertReminderMessage } from '../../src/blocks/monitoring/alert-message';
import { alertsListMessage } from '../../src/blocks/monitoring/alerts-list-message';
import { doctorMessage } from '../../src/blocks/monitoring/doctor-message';
import { clusterStatusMessage, fleetStatusMessage } from '../../src/blocks/monitoring/status-message';
import { hostInstructionsMessage } from '../../src/blocks/pools/host-instructions-message';
import { type PoolFormHost, poolCreateModal } from '../../src/blocks/pools/pool-create-modal';
import { poolNotRebuiltNotice, poolRebuiltNotice } from '../../src/blocks/pools/pool-rebuild-notice';
import { poolShowMessage } from '../../src/blocks/pools/pool-show-message';
import { poolUpgradeModal } from '../../src/blocks/pools/pool-upgrade-modal';
import { poolsListMessage } from '../../src/blocks/pools/pools-list-message';
import { reimageInstructionsMessage } from '../../src/blocks/pools/reimage-instructions-message';
import {
  nothingChangedMessage,
  problemsMessage,
  profileAlreadySavedMessage,
  profileDeletedMessage,
  profileDetailMessage,
  profileDiffMessage,
  profileExportedMessage,
  profileRenderMessage,
  profileSavedMessage,
  profilesListMessage,
} from '../../src/blocks/profiles/profile-messages';
import { importModal, profileModal } from '../../src/blocks/profiles/profile-modal';
import {
  errorMessage,
  internalErrorMessage,
  pongMessage,
  refusedMessage,
  unavailableMessage,
  usageErrorMessage,
} from '../../src/blocks/simple-messages';
import type { ChangeRecord } from '../../src/domain/changes/change';
import { CHANGE_STATES } from '../../src/domain/changes/change-state';
import { newJournal, progressOf, withStep } from '../../src/domain/changes/journal';
import { COMMANDS } from '../../src/domain/commands';
import { diagnosticsByHandCommand } from '../../src/domain/diagnostics/diagnostics-by-hand';
import { parseDiagnostics } from '../../src/domain/diagnostics/parse-diagnostics';
import type { HostRegistration } from '../../src/domain/host-registration';
import type { HostRecord } from '../../src/domain/host-status';
import { nodeConfigYaml } from '../../src/domain/node-config';
import {
  type ClusterProfile,
  credentialPlaceholder,
  renderProfileNodeConfig,
} from '../../src/domain/profiles';
import { deregistrationChange, deregistrationPlanned } from './change-fixture';
import { diagnosticsOutput } from './diagnostics-output';

/** One message or view the bot can send, named for a failing test's message. */
export interface Surface {
  name: string;
  kind: 'message' | 'modal' | 'home';
  /** The message (text, blocks) or the view as the bot sends it to Slack. */
  value: object;
}

export const surfaceHost = (i: number, extra: Partial<HostRecord> = {}): HostRecord => ({
  name: `pos-${i}`,
  cluster: 'demo',
  site: 'store-12',
  auth: 'ssm',
  activationId: `act-${i}`,
  deregistered: false,
  status: 'activation-expired',
  ...extra,
});

const debugged = { name: 'pos-1', managedInstanceId: 'mi-1', cluster: 'demo', site: 'store-12' };
const registration: HostRegistration = {
  name: 'pos-3',
  cluster: 'demo',
  site: 'store-12',
  ip: '10.80.1.20',
  arch: 'amd64',
  auth: 'ssm',
  kubernetesVersion: '1.31',
};

const profile: ClusterProfile = {
  apiVersion: 'hybrid-bot.io/v1',
  kind: 'ClusterProfile',
  metadata: { name: 'edge-base', version: '1.2.0', description: 'Tills & kiosks <store>' },
  spec: {
    os: { mode: 'agent', supported: ['ubuntu-24.04'] },
    kubernetes: { version: '1.31', containerdSource: 'distro' },
  },
};

const alert = {
  alert: {
    key: 'demo/node-not-ready/mi-1',
    cluster: 'demo',
    rule: 'node-not-ready' as const,
    severity: 'warning' as const,
    summary: 's',
    details: 'd',
  },
  since: 0,
};

const status = {
  cluster: 'demo',
  availability: {
    agentNodes: { qualifyingReady: 1, qualifyingTotal: 1 },
    agentPod: { node: 'ip-10-0-1-5', running: true },
    hybrid: {
      ready: 1,
      notReady: 1,
      byPool: { a: { ready: 1, total: 2 } },
      bySite: { s: { ready: 1, total: 2 } },
    },
    clusterStatus: 'ACTIVE' as const,
  },
};

const poolView = {
  cluster: 'demo',
  name: 'tills',
  profile: { name: 'edge', version: '1.0.0' },
  members: [],
  nodesReady: 0,
  nodesTotal: 0,
  drift: [],
};

const formHosts = (n: number): PoolFormHost[] =>
  Array.from({ length: n }, (_, i) => ({
    cluster: 'demo',
    name: `pos-${i}`,
    site: 'store-12',
    arch: 'amd64',
    status: 'registered',
  }));

/** A change in every state, with a failed step that may be skipped: every change button shows somewhere. */
function changes(): Surface[] {
  const journal = newJournal(deregistrationPlanned.steps);
  const first = journal[0];
  if (!first) throw new Error('the deregistration plan has no steps');
  const failed = withStep(journal, { ...first, state: 'failed', output: 'drain blocked', skippable: true });
  const change = (state: ChangeRecord['state'], canRollBack: boolean) =>
    deregistrationChange(state, { canRollBack });
  return [
    ...CHANGE_STATES.flatMap((state) =>
      [true, false].map((rollBack) => ({
        name: `change ${state}${rollBack ? ' (can roll back)' : ''}`,
        kind: 'message' as const,
        value: changeMessage(change(state, rollBack), failed, progressOf(failed, 1)),
      })),
    ),
    {
      name: 'change details',
      kind: 'message',
      value: changeDetailsMessage(change('applying', false), failed, [
        { at: 0, user: 'U0OPERATOR', text: 'approved' },
      ]),
    },
    {
      name: 'changes list',
      kind: 'message',
      value: changesListMessage([{ change: change('applying', false), progress: progressOf(failed, 1) }], {}),
    },
  ];
}

/** Every message and view the bot builds (src/blocks), in the states that show different elements. */
export function everySurface(): Surface[] {
  const message = (name: string, value: object): Surface => ({
    name,
    kind: 'message',
    value,
  });
  const modal = (name: string, value: object): Surface => ({
    name,
    kind: 'modal',
    value,
  });
  const hosts = Array.from({ length: 120 }, (_, i) => surfaceHost(i));
  const nodeConfig = nodeConfigYaml(
    renderProfileNodeConfig({
      cluster: { name: 'demo', region: 'us-west-2' },
      profile,
      credential: credentialPlaceholder('ssm'),
    }),
  );
  return [
    ...changes(),
    message('inventory page 1', inventoryMessage(hosts, {}, 1)),
    message('inventory page 2', inventoryMessage(hosts, {}, 2)),
    message(
      'host detail',
      hostDetailMessage(surfaceHost(1, { status: 'registered', managedInstanceId: 'mi-1' })),
    ),
    message('activation expired', activationExpiredMessage(surfaceHost(1))),
    message('activation issued', activationIssuedNotice(registration, 'U0OPERATOR', 0)),
    message('host registered', hostRegisteredNotice(surfaceHost(1), 'mi-0123456789abcdef0')),
    message('host joined', hostJoinedNotice(surfaceHost(1), 'mi-0123456789abcdef0')),
    message('node not joined', nodeNotJoinedMessage(surfaceHost(1))),
    message(
      'host debug',
      hostDebugMessage(
        { name: 'pos-1', managedInstanceId: 'mi-1', cluster: 'demo', site: 'store-12' },
        parseDiagnostics(diagnosticsOutput()),
        0,
      ),
    ),
    message(
      'host debug running',
      hostDebugRunningMessage(debugged, {
        requester: 'U0OPERATOR',
        commandId: 'c0ffee00-1111-2222-3333-444455556666',
        limitSeconds: 180,
        startedAt: 0,
      }),
    ),
    message(
      'host debug failed',
      hostDebugFailedMessage(debugged, {
        commandId: 'c0ffee00-1111-2222-3333-444455556666',
        status: 'Failed',
        stderr: 'sh: 1: nodeadm: not found',
      }),
    ),
    message(
      'host debug not finished',
      hostDebugFailedMessage(debugged, { commandId: 'c0ffee00', status: 'InProgress', waitedMinutes: 5 }),
    ),
    message(
      'host debug with remedies',
      withRemedies(
        hostDebugMessage(debugged, parseDiagnostics(diagnosticsOutput()), 0),
        debugged,
        parseDiagnostics(diagnosticsOutput()),
      ),
    ),
    message('host debug started', hostDebugStartedReply(debugged, 'C0OPS')),
    message('host debug by hand', hostDebugByHandMessage(debugged, diagnosticsByHandCommand(debugged))),
    message(
      'host debug uploaded',
      ((d) => {
        const m = hostDebugMessage({ name: 'pos-2', cluster: 'demo' }, d, 0, { user: 'U0OPERATOR' });
        return { ...m, blocks: [...m.blocks, ...byHandRemedies({ name: 'pos-2', cluster: 'demo' }, d)] };
      })(parseDiagnostics(diagnosticsOutput())),
    ),
    message('host debug upload refused', uploadRefusedMessage('pos-2', 'The file is not text.')),
    message(
      'host unreachable',
      hostUnreachableMessage({
        name: 'pos-1',
        managedInstanceId: 'mi-1',
        cluster: 'demo',
        site: 'store-12',
        pingStatus: 'ConnectionLost',
        lastPingAt: 0,
      }),
    ),
    message(
      'bootstrap',
      bootstrapMessage({
        registration,
        instructions: { commands: ['nodeadm install 1.31 --credential-provider ssm'], notes: ['a note'] },
      }),
    ),
    message(
      'bulk progress',
      bulkProgressMessage({
        cluster: 'demo',
        requester: 'U0OPERATOR',
        total: 3,
        issued: 2,
        failed: ['x'],
        done: true,
      }),
    ),
    message('bulk secrets sent', bulkSecretsSentMessage('demo', 2)),
    message(
      'bulk rows refused',
      bulkRowsRefusedMessage([{ line: 2, message: 'Host name "POS 1" contains " ", which is not allowed.' }]),
    ),
    message(
      'activations withdrawn',
      activationsWithdrawnMessage([{ host: 'pos-1', cluster: 'demo', activationId: 'act-1' }]),
    ),
    message(
      'activations withdrawn notice',
      activationsWithdrawnNotice([{ host: 'pos-1', cluster: 'demo', activationId: 'act-1' }], 'U0OPERATOR'),
    ),
    message('alert group', alertGroupMessage('demo', [alert], 'firing')),
    message(
      'alert group, a node alert on an SSM host (Diagnose again)',
      alertGroupMessage('demo', [{ ...alert, alert: { ...alert.alert, diagnosable: true } }], 'firing'),
    ),
    message(
      'alert group, one snoozed',
      alertGroupMessage(
        'demo',
        [alert, { ...alert, snoozed: true, snoozedUntil: 3_600_000, snoozedBy: 'U0OPERATOR' }],
        'firing',
        ['host-c (mi-c) NotReady since the snooze'],
      ),
    ),
    message('alert posted again', alertGroupMessage('demo', [alert], 'superseded')),
    message('alert resolved', alertGroupMessage('demo', [alert], 'resolved')),
    message('alert reminder', alertReminderMessage('demo', [alert])),
    message('alerts list', alertsListMessage([{ cluster: 'demo', channels: ['C0OPS'], snoozes: {} }], 0)),
    message('cluster status', clusterStatusMessage(status, false, 0)),
    message('cluster status details', clusterStatusMessage(status, true, 0)),
    message('fleet status', fleetStatusMessage([status], 0)),
    message(
      'doctor',
      doctorMessage(
        'demo',
        [
          { id: 'a', title: 'A', result: 'pass', found: 'ok' },
          {
            id: 'b',
            title: 'B',
            result: 'fail',
            found: 'bad',
            fix: 'Run `/hybrid cni set demo --cilium <version>`.',
          },
        ],
        0,
      ),
    ),
    message(
      'cni show',
      cniShowMessage({
        cluster: 'demo',
        running: { installed: false, podCidrs: [], owner: { kind: 'unknown' }, fluxInstalled: false },
        remotePodNetworks: ['10.85.0.0/16'],
        drift: [],
      }),
    ),
    message(
      'host instructions',
      hostInstructionsMessage({
        changeId: 'c1',
        stepKey: 'h1.instruct',
        pool: 'tills',
        cluster: 'demo',
        host: 'h1',
        nodeName: 'h1',
        commands: ['nodeadm init'],
      }),
    ),
    message(
      'reimage instructions',
      reimageInstructionsMessage({
        changeId: 'c1',
        stepKey: 'h1.reimage',
        pool: 'tills',
        cluster: 'demo',
        host: 'h1',
        oses: ['ubuntu-24.04'],
        profile: 'edge@1.1.0',
      }),
    ),
    message('pool show', poolShowMessage(poolView, { labels: {}, taints: [] })),
    message('pools list', poolsListMessage([{ cluster: 'demo', pools: [poolView] }], undefined)),
    message(
      'pool rebuilt',
      poolRebuiltNotice({
        cluster: 'demo',
        pool: 'tills',
        profile: { name: 'edge', version: '1.0.0' },
        hosts: ['h1'],
        nodesWithoutHost: ['n9'],
      }),
    ),
    message('pool not rebuilt', poolNotRebuiltNotice({ cluster: 'demo', pool: 'tills', nodes: ['n1'] })),
    message(
      'profile problems',
      problemsMessage('Saving', [{ path: 'spec', message: 'bad <value>', line: 2 }]),
    ),
    message('profile saved', profileSavedMessage(profile, 'created')),
    message('profile already saved', profileAlreadySavedMessage('edge-base', '1.2.0')),
    message('profile nothing changed', nothingChangedMessage('edge-base', '1.2.0')),
    message(
      'profiles list',
      profilesListMessage([
        {
          name: 'edge-base',
          latest: profile,
          versions: [{ version: '1.2.0', pools: ['tills'] }],
          updates: [
            {
              pool: 'old-tills',
              available: '1.2.0',
              blocked: { version: '2.0.0', why: '2.0.0 needs Kubernetes 1.33; the control plane is 1.31' },
            },
          ],
        },
      ]),
    ),
    message(
      'profile detail',
      profileDetailMessage({
        profile,
        yaml: 'a: <b>\n',
        savedBy: 'U0OPERATOR',
        savedAt: 0,
        versions: ['1.2.0'],
        pools: [],
      }),
    ),
    message(
      'profile diff',
      profileDiffMessage('edge-base@1.1.0', 'edge-base@1.2.0', [{ op: 'change', text: 'a: 1 → 2' }], ['x']),
    ),
    message('profile exported', profileExportedMessage('edge-base', '1.2.0')),
    message(
      'profile render',
      profileRenderMessage({
        profile,
        cluster: 'demo',
        controlPlaneVersion: '1.31',
        nodeConfigYaml: nodeConfig,
        checks: [],
        fits: true,
      }),
    ),
    message('profile deleted', profileDeletedMessage('edge-base', '1.2.0')),
    message(
      'help',
      helpMessage(COMMANDS, 'operator', () => true),
    ),
    message(
      'audit',
      auditMessage(
        [{ at: 0, user: 'U0OPERATOR', command: 'pool create <x>', channel: 'C0OPS', outcome: 'accepted' }],
        { limit: 5 },
      ),
    ),
    message('pong', pongMessage(3, 9)),
    message('error', errorMessage('Pool create', 'Set it with `/hybrid cni set demo --cilium <version>`.')),
    message('refused', refusedMessage('pool create', 'operator')),
    message('usage error', usageErrorMessage('Say which cluster with --cluster.')),
    message('unavailable', unavailableMessage()),
    message('internal error', internalErrorMessage('ref-1')),
    modal('host register form', registerModal(['demo', 'legacy'], '{}')),
    modal('bulk register form', bulkModal(['demo', 'legacy'], '{}')),
    modal('host debug upload form', hostDebugUploadModal({ cluster: 'demo', host: 'pos-2' })),
    modal(
      'profile create form',
      profileModal({ kubernetesVersions: ['1.31'], metadata: { channel: 'C', mode: 'create' } }),
    ),
    modal(
      'profile edit form',
      profileModal({
        kubernetesVersions: ['1.30', '1.31'],
        metadata: { channel: 'C0OPS', mode: 'edit', from: '1.2.0', proposed: '1.2.1' },
        initial: profile,
        version: '1.2.1',
      }),
    ),
    modal('profile import form', importModal('C')),
    modal(
      'pool create form',
      poolCreateModal({ clusters: ['demo'], profiles: ['edge@1.0.0'], hosts: formHosts(3), channel: 'C' }),
    ),
    modal(
      'pool create form, over 100 hosts',
      poolCreateModal({ clusters: ['demo'], profiles: ['edge@1.0.0'], hosts: formHosts(101), channel: 'C' }),
    ),
    modal(
      'pool upgrade form',
      poolUpgradeModal({
        cluster: 'demo',
        pool: 'tills',
        profile: { name: 'edge', version: '1.0.0' },
        kubernetesVersion: '1.30',
        targets: [
          { ref: 'edge@1.2.0', kubernetesVersion: '1.31' },
          { ref: 'edge@1.1.0', kubernetesVersion: '1.30' },
        ],
        notOffered: [{ version: '2.0.0', why: '2.0.0 needs Kubernetes 1.33; the control plane is 1.31' }],
        controlPlaneVersion: '1.31',
      }),
    ),
    modal(
      'pool upgrade form, nothing newer',
      poolUpgradeModal({
        cluster: 'demo',
        pool: 'tills',
        profile: { name: 'edge', version: '2.0.0' },
        targets: [],
      }),
    ),
    {
      name: 'home',
      kind: 'home',
      value: homeView([{ name: 'demo', region: 'us-west-2', channel: 'C0OPS' }], COMMANDS, 0),
    },
  ];
}
