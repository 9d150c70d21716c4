import { decodeSlackEntities } from './mrkdwn';
import type { ConsoleMessage } from './workspace';

/**
 * The instructions the bot sent a user to run at a host (only they see them), read the way the person
 * at the site would, so the simulator panel (or `npm run sim-host`) can "run" them on the host: a
 * registration or join bootstrap, a bulk registration's commands with the host's line of the shared
 * file filled in, or what a pool asks of an IAM Roles Anywhere host. They go to the simulator's control
 * API and nowhere else.
 */
export interface FoundBootstrap {
  host: string;
  messageTs: string;
  activationId?: string;
  activationCode?: string;
  nodeConfig?: string;
  kubernetesVersion?: string;
  /** The shell to paste at the host, as the message gives it. */
  script?: string;
  /** What the message asks for: a bootstrap, or a pool's step waiting for the requester's Done. */
  kind: 'bootstrap' | 'pool-step';
}

type Obj = Record<string, unknown>;

const HOST = '([a-z0-9][a-z0-9.-]*)';
/** The headers of what a pool change sends the requester of an IAM Roles Anywhere host. */
const POOL_STEP = new RegExp(`^(?:Join ${HOST} to pool \\S+|Upgrade ${HOST} to Kubernetes \\S+)$`);

function textsOf(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) for (const v of value) textsOf(v, out);
  else if (value && typeof value === 'object') {
    const o = value as Obj;
    if (typeof o.text === 'string') out.push(o.text);
    for (const [k, v] of Object.entries(o)) if (k !== 'text' || typeof v !== 'string') textsOf(v, out);
  }
  return out;
}

function headerOf(m: ConsoleMessage): string | undefined {
  const header = (m.blocks ?? []).find((b) => b.type === 'header');
  return (header?.text as Obj | undefined)?.text as string | undefined;
}

export function findBootstraps(
  messages: ConsoleMessage[],
  user: string,
  files: Map<string, { content: string }> = new Map(),
): FoundBootstrap[] {
  const found = new Map<string, FoundBootstrap>();
  // A bulk registration's commands, with placeholders for each host's activation from the shared file.
  let template: { script?: string; nodeConfig?: string; kubernetesVersion?: string } = {};
  for (const m of messages) {
    if (m.ephemeralTo !== undefined && m.ephemeralTo !== user) continue;
    if (m.ephemeralTo === undefined && m.conversation !== `D:${user}`) continue;
    // As Slack shows the text, and the person would copy it: entities decoded.
    const all = decodeSlackEntities([m.text, ...textsOf(m.blocks)].join('\n'));
    if (all.includes('<ACTIVATION_CODE>')) {
      template = {
        script: hostScript(all),
        nodeConfig: /cat > nodeConfig\.yaml <<'(\w+)'\n([\s\S]*?)\n\1/.exec(all)?.[2],
        kubernetesVersion: /nodeadm install (\d+\.\d+)/.exec(all)?.[1],
      };
    }
    for (const f of m.files ?? []) {
      for (const [, host, activationId, activationCode, site] of (files.get(f.id)?.content ?? '').matchAll(
        /^([a-z0-9][a-z0-9.-]*),([0-9a-f-]{36}),([^,\s]+)(?:,([^,\s]*))?$/gm,
      )) {
        // The operator puts the host's own ID, code and site where the commands say.
        const fill = (s: string | undefined) =>
          s
            ?.replaceAll('<ACTIVATION_CODE>', activationCode!)
            .replaceAll('<ACTIVATION_ID>', activationId!)
            .replaceAll('<SITE>', site ?? '<SITE>');
        found.set(host!, {
          host: host!,
          messageTs: m.ts,
          activationId,
          activationCode,
          nodeConfig: fill(template.nodeConfig),
          kubernetesVersion: template.kubernetesVersion,
          script: fill(template.script),
          kind: 'bootstrap',
        });
      }
    }
    const step = POOL_STEP.exec(headerOf(m) ?? '');
    const host = step ? (step[1] ?? step[2]) : /Bootstrap (?:for host )?([a-z0-9][a-z0-9.-]*)/.exec(all)?.[1];
    if (!host) continue;
    const script = hostScript(all);
    if (step) {
      if (script) found.set(host, { host, messageTs: m.ts, script, kind: 'pool-step' });
      continue;
    }
    const activationId = /activationId: ([0-9a-f-]{36})/.exec(all)?.[1];
    const activationCode = /activationCode: ([^\s"`]+)/.exec(all)?.[1];
    const nodeConfig = /cat > nodeConfig\.yaml <<'(\w+)'\n([\s\S]*?)\n\1/.exec(all)?.[2];
    const kubernetesVersion = /nodeadm install (\d+\.\d+)/.exec(all)?.[1];
    if (!activationId && !nodeConfig && !script) continue;
    // The newest instructions for a host win (a reissued activation replaces the old one).
    found.set(host, {
      host,
      messageTs: m.ts,
      activationId,
      activationCode,
      nodeConfig,
      kubernetesVersion,
      script,
      kind: 'bootstrap',
    });
  }
  return [...found.values()];
}

/**
 * A code block with commands for the host (nodeadm, or the SSM agent's registration), as Slack shows
 * it (the text is read with entities decoded). An IAM Roles Anywhere registration (only where its certificate goes) has none.
 */
function hostScript(text: string): string | undefined {
  for (const [, block] of text.matchAll(/```\n?([\s\S]*?)```/g)) {
    if (/amazon-ssm-agent\s+-register|(^|\n)\s*(sudo\s+)?nodeadm\s/.test(block!)) {
      return block;
    }
  }
  return undefined;
}
