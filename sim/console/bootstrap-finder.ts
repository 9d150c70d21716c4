import { decodeSlackEntities } from './mrkdwn';
import type { ConsoleMessage } from './workspace';

/**
 * The bootstrap instructions the bot sent a user (only they see them), read the way the person at the
 * site would, so the simulator panel can "run" them on the host: the activation for SSM, the NodeConfig
 * and Kubernetes version for joining. They go to the simulator's control API and nowhere else.
 */
export interface FoundBootstrap {
  host: string;
  messageTs: string;
  activationId?: string;
  activationCode?: string;
  nodeConfig?: string;
  kubernetesVersion?: string;
  /** The shell to paste at the host, when the bootstrap registers the SSM agent itself (two-step join). */
  script?: string;
}

type Obj = Record<string, unknown>;

function textsOf(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) for (const v of value) textsOf(v, out);
  else if (value && typeof value === 'object') {
    const o = value as Obj;
    if (typeof o.text === 'string') out.push(o.text);
    for (const [k, v] of Object.entries(o)) if (k !== 'text' || typeof v !== 'string') textsOf(v, out);
  }
  return out;
}

export function findBootstraps(
  messages: ConsoleMessage[],
  user: string,
  files: Map<string, { content: string }> = new Map(),
): FoundBootstrap[] {
  const found = new Map<string, FoundBootstrap>();
  // A bulk registration's NodeConfig, with placeholders for each host's activation from the shared file.
  let template: { nodeConfig?: string; kubernetesVersion?: string } = {};
  for (const m of messages) {
    if (m.ephemeralTo !== undefined && m.ephemeralTo !== user) continue;
    if (m.ephemeralTo === undefined && m.conversation !== `D:${user}`) continue;
    // As Slack shows the text, and the person would copy it: entities decoded.
    const all = decodeSlackEntities([m.text, ...textsOf(m.blocks)].join('\n'));
    if (all.includes('<ACTIVATION_CODE>')) {
      template = {
        nodeConfig: /cat > nodeConfig\.yaml <<'(\w+)'\n([\s\S]*?)\n\1/.exec(all)?.[2],
        kubernetesVersion: /nodeadm install (\d+\.\d+)/.exec(all)?.[1],
      };
    }
    for (const f of m.files ?? []) {
      for (const [, host, activationId, activationCode] of (files.get(f.id)?.content ?? '').matchAll(
        /^([a-z0-9][a-z0-9.-]*),([0-9a-f-]{36}),(\S+)$/gm,
      )) {
        found.set(host!, {
          host: host!,
          messageTs: m.ts,
          activationId,
          activationCode,
          nodeConfig: template.nodeConfig
            ?.replace('<ACTIVATION_CODE>', activationCode!)
            .replace('<ACTIVATION_ID>', activationId!),
          kubernetesVersion: template.kubernetesVersion,
        });
      }
    }
    const host = /Bootstrap (?:for host )?([a-z0-9][a-z0-9.-]*)/.exec(all)?.[1];
    if (!host) continue;
    const script = agentScript(all);
    if (script) {
      found.set(host, { host, messageTs: m.ts, script });
      continue;
    }
    const activationId = /activationId: ([0-9a-f-]{36})/.exec(all)?.[1];
    const activationCode = /activationCode: ([^\s"`]+)/.exec(all)?.[1];
    const nodeConfig = /cat > nodeConfig\.yaml <<'(\w+)'\n([\s\S]*?)\n\1/.exec(all)?.[2];
    const kubernetesVersion = /nodeadm install (\d+\.\d+)/.exec(all)?.[1];
    if (!activationId && !nodeConfig) continue;
    // The newest instructions for a host win (a reissued activation replaces the old one).
    found.set(host, { host, messageTs: m.ts, activationId, activationCode, nodeConfig, kubernetesVersion });
  }
  return [...found.values()];
}

/** A code block that registers the SSM agent at the host. */
function agentScript(text: string): string | undefined {
  for (const [, block] of text.matchAll(/```\n?([\s\S]*?)```/g)) {
    if (/amazon-ssm-agent\s+-register/.test(block!)) return block;
  }
  return undefined;
}
