import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { parse } from 'yaml';
import { NO_DEMO, runningSession } from './lib/demo-session';

/**
 * `npm run sim-host -- bootstrap <host> [--from FILE]`: plays the operator at an edge host of the demo.
 * It takes the bootstrap the requester got from the bot (the newest "Bootstrap <host>" message in the
 * simulated Slack, or the commands pasted into FILE) and runs it on the simulated host, through the
 * simulator's control API: `POST /_sim/hosts/<host>/bootstrap` (the SSM registration for a host
 * registered for a pool; nodeadm install and init as well for one registered with --join).
 */
type Obj = Record<string, unknown>;

const USAGE = 'Usage: npm run sim-host -- bootstrap <host> [--from FILE]';

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    options: { from: { type: 'string' } },
    allowPositionals: true,
  });
  const [action, host] = positionals;
  if (action !== 'bootstrap' || !host) fail(USAGE);
  const session = (await runningSession()) ?? fail(NO_DEMO);
  const script = values.from
    ? readFileSync(values.from, 'utf8')
    : await bootstrapSentFor(session.simUrl, host);
  const body = bootstrapBody(script, host);
  const res = await fetch(`${session.simUrl}/_sim/hosts/${encodeURIComponent(host)}/bootstrap`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const answer = (await res.json()) as { error?: string; managedInstanceId?: string; nodeName?: string };
  if (!res.ok) fail(`The host refused the bootstrap: ${answer.error ?? `HTTP ${res.status}`}`);
  const joined = [
    answer.managedInstanceId ? `registered with SSM as ${answer.managedInstanceId}` : undefined,
    answer.nodeName ? `joined the cluster as node ${answer.nodeName}` : undefined,
  ].filter(Boolean);
  process.stdout.write(
    `${host} ran its bootstrap: ${joined.join(', ') || 'done'}.\n` +
      'The bot tells the channel once it sees the host: npm run slack -- --channel C0OPS --watch\n',
  );
}

/** The shell lines of the newest bootstrap message for this host in what the simulated Slack received. */
async function bootstrapSentFor(simUrl: string, host: string): Promise<string> {
  const res = await fetch(`${simUrl}/_sim/slack/calls`);
  const calls = (await res.json()) as { args: Obj }[];
  for (const call of [...calls].reverse()) {
    const blocks = (call.args.blocks as Obj[] | undefined) ?? [];
    const header = blocks.find((b) => b.type === 'header');
    if ((header?.text as Obj | undefined)?.text !== `Bootstrap ${host}`) continue;
    for (const b of blocks) {
      const text = String((b.text as Obj | undefined)?.text ?? '');
      if (text.startsWith('```')) return text.replace(/^```|```$/g, '');
    }
  }
  return fail(
    `No bootstrap for ${host} in the demo's Slack: register it first (npm run slack -- '/hybrid host register ${host} --cluster demo --site … --ip …'), or paste the commands you got into a file and add --from FILE.`,
  );
}

/**
 * The control API's body from the bootstrap commands. Registration only (the default): the SSM
 * activation the agent registers with. With --join: the NodeConfig, its version, its SSM activation.
 */
function bootstrapBody(script: string, host: string): Obj {
  const register = /amazon-ssm-agent -register -code "([^"]+)" -id "([^"]+)"/.exec(script);
  if (register && !/nodeadm init/.test(script)) {
    return { activationCode: register[1], activationId: register[2] };
  }
  if (!/nodeadm/.test(script)) {
    fail(
      `${host} is an IAM Roles Anywhere host registered without --join: there is nothing to run on it until a pool takes it (place its certificate and key as the bootstrap says).`,
    );
  }
  const lines = script.replace(/\r\n/g, '\n').split('\n');
  const version = /nodeadm install (\S+)/.exec(script)?.[1];
  const start = lines.findIndex((l) => /<<'?(\w+)'?\s*$/.test(l));
  const marker = start >= 0 ? /<<'?(\w+)'?\s*$/.exec(lines[start] ?? '')?.[1] : undefined;
  const end = marker ? lines.findIndex((l, i) => i > start && l.trim() === marker) : -1;
  if (!version || start < 0 || end < 0) {
    fail(
      `That is not the bootstrap the bot sends for ${host}: it needs \`nodeadm install <version>\` and the NodeConfig heredoc.`,
    );
  }
  const nodeConfig = lines.slice(start + 1, end).join('\n');
  const ssm = ((parse(nodeConfig) as Obj | null)?.spec as Obj | undefined)?.hybrid as Obj | undefined;
  const activation = ssm?.ssm as { activationId?: string; activationCode?: string } | undefined;
  return {
    nodeConfig,
    kubernetesVersion: version,
    ...(activation?.activationId
      ? { activationId: activation.activationId, activationCode: activation.activationCode }
      : {}),
  };
}

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

main().catch((err: unknown) => {
  const cause = (err as { cause?: { code?: string } }).cause?.code;
  fail(cause === 'ECONNREFUSED' ? NO_DEMO : `npm run sim-host failed: ${(err as Error).message}`);
});
