import type { SlackCall } from '../../sim/slack/fake-slack';
import { AuditLog } from '../../src/adapters/redis/audit-log';
import { ProfileStore } from '../../src/adapters/redis/profile-store';
import { jobsDrained } from '../support/barriers';
import { viewSubmission } from '../support/hosts-support';
import { startTestBot, type TestBot } from '../support/test-bot';

let t: TestBot;
beforeAll(async () => {
  t = await startTestBot();
});
afterAll(() => t.stop());

const text = (c: { args: Record<string, unknown> }) => JSON.stringify(c.args);
const versionsStored = async (name: string) =>
  (await new ProfileStore(t.inspect).versions(name)).map((v) => v.version);
const auditTrail = () => new AuditLog(t.inspect).list({ limit: 1000 });

/** Sends a command and returns the first answer the bot gives through its response_url. */
async function ask(command: string, user = 'U0OPERATOR'): Promise<string> {
  const from = t.slack.calls().length;
  const res = await t.command(command, { user });
  expect(res.status).toBe(200);
  const call = await t.waitForCall(
    (c) => c.kind === 'response_url' && t.slack.calls().indexOf(c) >= from,
    15_000,
  );
  return text(call);
}

/** The next message the bot posts in the user's direct messages, after `from` calls. */
function dmAfter(from: number, user = 'U0OPERATOR'): Promise<SlackCall> {
  return t.waitForCall(
    (c) => c.method === 'chat.postMessage' && c.args.channel === user && t.slack.calls().indexOf(c) >= from,
    15_000,
  );
}

/** The opened form, as views.open received it, after `from` calls. */
async function openedForm(
  from: number,
): Promise<{ callback_id: string; private_metadata: string; blocks: Record<string, unknown>[] }> {
  const open = await t.waitForCall((c) => c.method === 'views.open' && t.slack.calls().indexOf(c) >= from);
  return open.args.view as never;
}

type FormValues = Record<string, string | { selected: string } | { files: Record<string, unknown>[] }>;

/** A view_submission of the profile form; `metadata` is the opened form's private_metadata. */
function submitForm(
  user: string,
  values: FormValues,
  metadata = JSON.stringify({ channel: 'C0OPS', mode: 'create' }),
) {
  const payload = viewSubmission(user, 'profile_form', values) as { view: { private_metadata: string } };
  payload.view.private_metadata = metadata;
  return t.interaction(payload);
}

const form = (over: FormValues = {}): FormValues => ({
  name: 'edge-form',
  version: '1.0.0',
  description: '',
  k8s: { selected: '1.31' },
  os_mode: { selected: 'agent' },
  image: '',
  containerd_source: { selected: 'distro' },
  kubelet: 'config:\n  maxPods: 110\n',
  containerd: '',
  ...over,
});

const yamlOf = (name: string, version: string, k8s: string, maxPods = 110) =>
  [
    'apiVersion: hybrid-bot.io/v1',
    'kind: ClusterProfile',
    'metadata:',
    `  name: ${name}`,
    `  version: ${version}`,
    'spec:',
    '  os:',
    '    mode: agent',
    '  kubernetes:',
    `    version: "${k8s}"`,
    '    containerdSource: distro',
    '    kubelet:',
    '      config:',
    `        maxPods: ${maxPods}`,
    '',
  ].join('\n');

describe('cluster profiles from Slack', () => {
  it('lists the profile commands in /hybrid help', async () => {
    const res = await t.command('help', { user: 'U0VIEWER' });
    const body = JSON.stringify(res.json());
    for (const c of [
      'profiles',
      'profile create',
      'profile import',
      'profile diff',
      'profile render',
      'profile delete',
    ]) {
      expect(body).toContain(`/hybrid ${c}`);
    }
  });

  it('a viewer cannot create a profile, by command or by form', async () => {
    const res = await t.command('profile create edge-base --k8s 1.31', { user: 'U0VIEWER' });
    expect(JSON.stringify(res.json())).toContain('needs the *operator* role');
    const submitted = await submitForm('U0VIEWER', form({ name: 'viewer-made' }));
    expect((submitted.json() as { errors: Record<string, string> }).errors.name).toContain('operator role');
    await jobsDrained(t.inspect);
    expect(await versionsStored('edge-base')).toEqual([]);
    expect(await versionsStored('viewer-made')).toEqual([]);
  });

  it('creates a profile in one line, and audits it', async () => {
    const answer = await ask('profile create edge-base --k8s 1.31');
    expect(answer).toContain('edge-base@1.0.0* created');
    expect(answer).toContain('Kubernetes 1.31, OS agent');
    const audit = (await auditTrail()).map((e) => JSON.stringify(e));
    expect(
      audit.some((e) => e.includes('/hybrid profile create edge-base@1.0.0') && e.includes('profile saved')),
    ).toBe(true);
  });

  it('refuses to overwrite an existing version with other content, and names a free one', async () => {
    const answer = await ask('profile create edge-base --k8s 1.30');
    expect(answer).toContain('1.0.0 exists and versions never change; save it as 1.1.0');
    expect(await versionsStored('edge-base')).toEqual(['1.0.0']);
    const again = await ask('profile create edge-base --k8s 1.31');
    expect(again).toContain('already saved with exactly this content: nothing changed');
  });

  it('creates through the form: problems under their fields first, nothing stored, then saved once fixed', async () => {
    const from = t.slack.calls().length;
    await t.command('profile create');
    const view = await openedForm(from);
    expect(view.callback_id).toBe('profile_form');
    const k8s = view.blocks.find((b) => b.block_id === 'k8s') as {
      element: { options: { value: string }[] };
    };
    expect(k8s.element.options.map((o) => o.value)).toEqual(t.config.kubernetesVersions);

    const bad = await submitForm(
      'U0OPERATOR',
      form({ name: 'Edge_Form', kubelet: 'config:\n  maxPod: 110\n', containerd: 'version = = 2' }),
    );
    const errors = (bad.json() as { response_action: string; errors: Record<string, string> }).errors;
    expect(Object.keys(errors).sort()).toEqual(['containerd', 'kubelet', 'name']);
    expect(errors.kubelet).toContain('maxPods');
    await jobsDrained(t.inspect);
    expect(await versionsStored('Edge_Form')).toEqual([]);
    expect(await versionsStored('edge-form')).toEqual([]);

    const before = t.slack.calls().length;
    const ok = await submitForm('U0OPERATOR', form());
    expect(ok.body).toBe('');
    expect(text(await dmAfter(before))).toContain('edge-form@1.0.0* created');
    expect(await versionsStored('edge-form')).toEqual(['1.0.0']);
  });

  it('imports pasted YAML: a problem is named with its line, then a valid profile is saved', async () => {
    const wrong = yamlOf('edge-import', '1.0.0', '1.20');
    const res = await t.interaction(viewSubmission('U0OPERATOR', 'profile_import', { yaml: wrong }));
    const error = (res.json() as { errors: Record<string, string> }).errors.yaml ?? '';
    expect(error).toMatch(/^line 10, column \d+: spec\.kubernetes\.version/);
    await jobsDrained(t.inspect);
    expect(await versionsStored('edge-import')).toEqual([]);

    const before = t.slack.calls().length;
    await t.interaction(
      viewSubmission('U0OPERATOR', 'profile_import', { yaml: yamlOf('edge-import', '1.0.0', '1.31') }),
    );
    expect(text(await dmAfter(before))).toContain('edge-import@1.0.0* imported');
  });

  it('refuses an import that would change an existing version, under the box', async () => {
    const res = await t.interaction(
      viewSubmission('U0OPERATOR', 'profile_import', { yaml: yamlOf('edge-import', '1.0.0', '1.31', 58) }),
    );
    expect((res.json() as { errors: Record<string, string> }).errors.yaml).toBe(
      '1.0.0 exists and versions never change; save it as 1.0.1.',
    );
  });

  it('edits: the form holds the latest version, saving a change makes the proposed version, no change says so', async () => {
    const from = t.slack.calls().length;
    await t.command('profile edit edge-form');
    const view = await openedForm(from);
    const initial = (id: string) =>
      (view.blocks.find((b) => b.block_id === id) as { element: Record<string, unknown> }).element;
    expect(initial('version').initial_value).toBe('1.0.1');
    expect(initial('kubelet').initial_value).toContain('maxPods: 110');
    expect((initial('k8s').initial_option as { value: string }).value).toBe('1.31');

    // A new Kubernetes minor is a minor version, though the form proposed the next patch.
    const before = t.slack.calls().length;
    await submitForm(
      'U0OPERATOR',
      form({ version: '1.0.1', k8s: { selected: '1.32' } }),
      view.private_metadata,
    );
    expect(text(await dmAfter(before))).toContain('edge-form@1.1.0* saved');

    const unchanged = t.slack.calls().length;
    await submitForm(
      'U0OPERATOR',
      form({ version: '1.0.1', k8s: { selected: '1.32' } }),
      view.private_metadata,
    );
    expect(text(await dmAfter(unchanged))).toContain('Nothing changed: edge-form stays at 1.1.0');
    expect((await versionsStored('edge-form')).sort()).toEqual(['1.0.0', '1.1.0']);
  });

  it('profile create saves no version that says what the latest says, by command or by form', async () => {
    const answer = await ask('profile create edge-base --k8s 1.31 --version 1.0.1');
    expect(answer).toContain('Nothing changed: edge-base stays at 1.0.0, and no new version was saved.');
    expect(await versionsStored('edge-base')).toEqual(['1.0.0']);

    // The latest edge-form (1.1.0) written another way: an empty list of flags, the settings in flow style.
    const before = t.slack.calls().length;
    await submitForm(
      'U0OPERATOR',
      form({
        version: '2.0.0',
        k8s: { selected: '1.32' },
        kubelet: 'flags: []\nconfig: {maxPods: 110}\n',
      }),
    );
    expect(text(await dmAfter(before))).toContain('Nothing changed: edge-form stays at 1.1.0');
    expect((await versionsStored('edge-form')).sort()).toEqual(['1.0.0', '1.1.0']);
  });

  it('diffs two versions layer by layer', async () => {
    const answer = await ask('profile diff edge-form@1.0.0 edge-form@1.1.0', 'U0VIEWER');
    expect(answer).toContain('~ Kubernetes: 1.31 → 1.32');
    expect(answer).toContain('nodeadm upgrade 1.32');
  });

  it('lists the profiles and shows one, and suggests the nearest name for a typo', async () => {
    const list = await ask('profiles', 'U0VIEWER');
    expect(list).toContain('*edge-form* 1.1.0 · Kubernetes 1.32 · agent · 2 versions');
    const show = await ask('profile show edge-form@1.0.0', 'U0VIEWER');
    expect(show).toContain('Profile edge-form@1.0.0');
    expect(show).toContain('maxPods: 110');
    const typo = await ask('profile show edge-from', 'U0VIEWER');
    expect(typo).toContain('There is no profile named edge-from. Did you mean \\"edge-form\\"?');
  });

  it('exports a YAML file to the requester only, which imports back as the same profile', async () => {
    const before = t.slack.calls().length;
    const answer = await ask('profile export edge-import@1.0.0');
    expect(answer).toContain('in a YAML file in your direct messages');
    const shared = await t.waitForCall(
      (c) => c.method === 'files.completeUploadExternal' && t.slack.calls().indexOf(c) >= before,
    );
    expect(shared.args.channel_id).toBe('D0U0OPERATOR');
    const id = (shared.args.files as { id: string }[])[0]?.id ?? '';
    const exported = t.slack.file(id);
    expect(exported?.content).toContain('name: edge-import');

    // The same bytes back: the very profile already stored.
    const again = t.slack.calls().length;
    const file = t.slack.shareFile({
      name: exported?.name ?? '',
      content: exported?.content ?? '',
      user: 'U0OPERATOR',
    });
    await t.interaction(
      viewSubmission('U0OPERATOR', 'profile_import', { yaml: '', yaml_file: { files: [{ ...file }] } }),
    );
    expect(text(await dmAfter(again))).toContain(
      'edge-import@1.0.0 is already saved with exactly this content',
    );

    // Deleted and imported from the file, it exports to the same bytes.
    expect(await ask('profile delete edge-import@1.0.0')).toContain('edge-import@1.0.0 deleted');
    expect(await versionsStored('edge-import')).toEqual([]);
    const restored = t.slack.calls().length;
    await t.interaction(
      viewSubmission('U0OPERATOR', 'profile_import', { yaml: '', yaml_file: { files: [{ ...file }] } }),
    );
    expect(text(await dmAfter(restored))).toContain('edge-import@1.0.0* imported');
    const second = t.slack.calls().length;
    await ask('profile export edge-import@1.0.0');
    const reshared = await t.waitForCall(
      (c) => c.method === 'files.completeUploadExternal' && t.slack.calls().indexOf(c) >= second,
    );
    expect(t.slack.file((reshared.args.files as { id: string }[])[0]?.id ?? '')?.content).toBe(
      exported?.content,
    );
  });

  it('names the line of a problem in a shared file, and stores nothing', async () => {
    const before = t.slack.calls().length;
    const file = t.slack.shareFile({
      name: 'bad.yaml',
      content: yamlOf('edge-file', '1.0.0', '1.20'),
      user: 'U0OPERATOR',
    });
    await t.interaction(
      viewSubmission('U0OPERATOR', 'profile_import', { yaml: '', yaml_file: { files: [{ ...file }] } }),
    );
    expect(text(await dmAfter(before))).toContain('line 10, column');
    expect(await versionsStored('edge-file')).toEqual([]);
  });

  it('renders the NodeConfig a pool node would get, with a placeholder credential, and checks the control plane', async () => {
    const activations = t.sim.control.state().activations.length;
    const fits = await ask('profile render edge-form@1.0.0 --cluster demo', 'U0VIEWER');
    expect(fits).toContain('kind: NodeConfig');
    expect(fits).toContain('activationId: 00000000-0000-0000-0000-000000000000');
    expect(fits).toContain('activationCode: &lt;activation code, on the host only&gt;');
    expect(fits).toContain('maxPods: 110');
    expect(fits).toContain('fits demo (control plane 1.31)');
    const tooNew = await ask('profile render edge-form --cluster demo', 'U0VIEWER');
    expect(tooNew).toContain('does not fit demo (control plane 1.31)');
    expect(tooNew).toContain('newer than the control plane');
    // No credential was issued for a preview.
    expect(t.sim.control.state().activations.length).toBe(activations);
  });

  it('never deletes a version a pool uses', async () => {
    await new ProfileStore(t.inspect).markUsed('edge-form', '1.0.0', 'demo/store-12');
    const answer = await ask('profile delete edge-form@1.0.0');
    expect(answer).toContain('edge-form@1.0.0 is used by demo/store-12');
    expect((await versionsStored('edge-form')).sort()).toEqual(['1.0.0', '1.1.0']);
    const viewer = await t.command('profile delete edge-form@1.1.0', { user: 'U0VIEWER' });
    expect(JSON.stringify(viewer.json())).toContain('needs the *operator* role');
  });

  it('audits every import and delete, and no refused delete', async () => {
    const audit = await auditTrail();
    const saved = audit.filter((e) => e.outcome === 'profile saved').map((e) => e.command);
    expect(saved).toEqual(
      expect.arrayContaining([
        '/hybrid profile import edge-import@1.0.0',
        '/hybrid profile create edge-form@1.0.0',
        '/hybrid profile edit edge-form@1.1.0',
      ]),
    );
    const deleted = audit.filter((e) => e.outcome === 'profile deleted').map((e) => e.command);
    expect(deleted).toEqual(['/hybrid profile delete edge-import@1.0.0']);
  });
});
