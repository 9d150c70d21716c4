import { decodeSlackEntities } from '../../sim/console/mrkdwn';
import { TEST_CLUSTERS } from './test-bot';

export const IAM_RA_CLUSTER = {
  ...TEST_CLUSTERS[0],
  name: 'demo',
  iamRolesAnywhere: {
    trustAnchorArn:
      'arn:aws:rolesanywhere:us-west-2:111122223333:trust-anchor/0d1f7a2b-1111-2222-3333-444455556666',
    profileArn: 'arn:aws:rolesanywhere:us-west-2:111122223333:profile/8c9d0e1f-1111-2222-3333-444455556666',
    roleArn: 'arn:aws:iam::111122223333:role/HybridNodesRole',
  },
};

/** Both demo clusters, demo with IAM Roles Anywhere settings. */
export function hostsFile(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { clusters: [IAM_RA_CLUSTER, { ...TEST_CLUSTERS[1] }], ...extra };
}

/**
 * The NodeConfig in a bootstrap message (as serialized JSON text), as the requester copies it from
 * Slack (entities decoded); undefined when it has none.
 */
export function nodeConfigIn(body: string): string | undefined {
  const escaped =
    /cat > \/etc\/hybrid-bot\/nodeconfig.yaml <<'NODECONFIG_EOF'\\n([\s\S]*?)\\nNODECONFIG_EOF/.exec(
      decodeSlackEntities(body),
    )?.[1];
  return escaped === undefined ? undefined : (JSON.parse(`"${escaped}"`) as string);
}

/** The activation ID and code in a bootstrap message (as serialized JSON text). */
export function secretsIn(body: string): { activationId: string; activationCode: string } {
  const activationId = /activationId: ([0-9a-f-]{36})/.exec(body)?.[1];
  const activationCode = /activationCode: ([^\\\s"]+)/.exec(body)?.[1];
  if (!activationId || !activationCode) throw new Error(`no activation in ${body.slice(0, 500)}`);
  return { activationId, activationCode };
}

/** A clock tests can move forward (the simulator keeps real time). */
export function movableClock(): { now(): number; advance(ms: number): void } {
  let offset = 0;
  return {
    now: () => Date.now() + offset,
    advance: (ms) => {
      offset += ms;
    },
  };
}

/** A button click as Slack sends it (block_actions), from a message in C0OPS. */
export function buttonClick(
  user: string,
  button: { action_id: string; value?: string },
  opts: { messageTs?: string; responseUrl: string },
): Record<string, unknown> {
  const ts = opts.messageTs ?? `${Math.floor(Date.now() / 1000)}.000100`;
  return {
    type: 'block_actions',
    team: { id: 'T0SIM', domain: 'sim' },
    user: { id: user, username: user, team_id: 'T0SIM' },
    api_app_id: 'A0HYBRID',
    token: 'deprecated',
    trigger_id: `${Date.now()}.${Math.random().toString(16).slice(2)}`,
    container: { type: 'message', message_ts: ts, channel_id: 'C0OPS', is_ephemeral: false },
    channel: { id: 'C0OPS', name: 'ops' },
    message: { type: 'message', ts, text: '' },
    response_url: opts.responseUrl,
    actions: [
      {
        type: 'button',
        block_id: 'b',
        action_ts: `${Date.now() / 1000}`,
        text: { type: 'plain_text', text: 'x' },
        ...button,
      },
    ],
  };
}

/** The buttons in a Slack call's blocks. */
export function buttonsIn(
  args: Record<string, unknown>,
): { action_id: string; value?: string; text: { text: string } }[] {
  const blocks = (args.blocks ?? []) as { type: string; elements?: { type: string }[] }[];
  return blocks
    .filter((b) => b.type === 'actions')
    .flatMap((b) => b.elements ?? [])
    .filter((e) => e.type === 'button') as never;
}

/** A view_submission as Slack sends it: `values` maps block_id to the input's value. */
export function viewSubmission(
  user: string,
  callbackId: string,
  values: Record<
    string,
    string | { selected: string } | { checked: string[] } | { files: Record<string, unknown>[] }
  >,
): Record<string, unknown> {
  const option = (value: string) => ({ value, text: { type: 'plain_text', text: value } });
  const state = Object.fromEntries(
    Object.entries(values).map(([block, v]) => [
      block,
      {
        value:
          typeof v === 'string'
            ? { type: 'plain_text_input', value: v }
            : 'selected' in v
              ? { type: 'static_select', selected_option: option(v.selected) }
              : 'checked' in v
                ? { type: 'checkboxes', selected_options: v.checked.map(option) }
                : { type: 'file_input', files: v.files },
      },
    ]),
  );
  return {
    type: 'view_submission',
    team: { id: 'T0SIM', domain: 'sim' },
    user: { id: user, username: user, team_id: 'T0SIM' },
    api_app_id: 'A0HYBRID',
    token: 'deprecated',
    trigger_id: `${Date.now()}.${Math.random().toString(16).slice(2)}`,
    view: {
      id: `V${Math.random().toString(16).slice(2, 12).toUpperCase()}`,
      type: 'modal',
      callback_id: callbackId,
      private_metadata: '{}',
      state: { values: state },
      hash: 'h',
      team_id: 'T0SIM',
      app_id: 'A0HYBRID',
      bot_id: 'B0HYBRIDBOT',
    },
  };
}

/** The registration form's fields as a valid submission for plant3-edge-02; `over` changes some. */
export const registerForm = (over: Record<string, unknown> = {}) => ({
  cluster: { selected: 'demo' },
  name: 'plant3-edge-02',
  site: 'plant-3',
  ip: '10.80.2.22',
  arch: { selected: 'amd64' },
  auth: { selected: 'ssm' },
  k8s: '',
  ...over,
});
