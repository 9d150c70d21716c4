import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { decodeSlackEntities } from '../sim/console/mrkdwn';
import { NO_DEMO, runningSession } from './lib/demo-session';

/**
 * `npm run sim-host -- bootstrap <host> [--from FILE]`: plays the operator at an edge host of the demo.
 * `npm run sim-host -- reimage <host> [--os ubuntu-24.04]` re-images it first, as a rollout to a
 * profile with a new OS image asks (its disk is wiped; a new bootstrap reaches it again).
 * It takes the bootstrap the requester got from the bot (the newest "Bootstrap <host>" message in the
 * simulated Slack, or the commands pasted into FILE) and runs it on the simulated host as pasted there,
 * through the simulator's control API (`POST /_sim/hosts/<host>/run`): the host's shell writes the
 * files the bootstrap writes (the NodeConfig's credentials part a pool needs later among them), and
 * runs `nodeadm` and `amazon-ssm-agent` as the script says.
 */
type Obj = Record<string, unknown>;

const USAGE =
  'Usage: npm run sim-host -- bootstrap <host> [--from FILE]\n       npm run sim-host -- reimage <host> [--os ubuntu-24.04]';

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    options: { from: { type: 'string' }, os: { type: 'string' } },
    allowPositionals: true,
  });
  const [action, host] = positionals;
  if ((action !== 'bootstrap' && action !== 'reimage') || !host) fail(USAGE);
  const session = (await runningSession()) ?? fail(NO_DEMO);
  if (action === 'reimage') return reimage(session.simUrl, host, values.os);
  const script = values.from
    ? readFileSync(values.from, 'utf8')
    : await bootstrapSentFor(session.simUrl, host);
  if (!/nodeadm|amazon-ssm-agent/.test(script)) {
    fail(
      `${host} is an IAM Roles Anywhere host registered without --join, or that is not a bootstrap the bot sends: there is nothing to run on it until a pool takes it (place its certificate and key as the bootstrap says).`,
    );
  }
  const res = await fetch(`${session.simUrl}/_sim/hosts/${encodeURIComponent(host)}/run`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ script: script.replace(/\r\n/g, '\n') }),
  });
  const answer = (await res.json()) as {
    error?: string;
    exitCode?: number;
    stderr?: string;
    stdout?: string;
    managedInstanceId?: string;
    nodeName?: string;
  };
  if (!res.ok) fail(`The host refused the bootstrap: ${answer.error ?? `HTTP ${res.status}`}`);
  if (answer.exitCode !== 0) {
    fail(
      `The bootstrap failed on ${host} (exit ${answer.exitCode}):\n${answer.stderr || answer.stdout || ''}`.trim(),
    );
  }
  const joined = [
    answer.managedInstanceId ? `registered with SSM as ${answer.managedInstanceId}` : undefined,
    answer.nodeName ? `joined the cluster as node ${answer.nodeName}` : undefined,
  ].filter(Boolean);
  process.stdout.write(
    `${host} ran its bootstrap: ${joined.join(', ') || 'done'}.\n` +
      'The bot tells the channel once it sees the host: npm run slack -- --channel C0OPS --watch\n',
  );
}

async function reimage(simUrl: string, host: string, os: string | undefined): Promise<void> {
  const res = await fetch(`${simUrl}/_sim/hosts/${encodeURIComponent(host)}/reimage`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(os ? { os } : {}),
  });
  const answer = (await res.json()) as { error?: string; os?: string };
  if (!res.ok) fail(`The host could not be re-imaged: ${answer.error ?? `HTTP ${res.status}`}`);
  process.stdout.write(
    `${host} re-imaged (${answer.os}): its disk is wiped. Run the new bootstrap you were sent: npm run sim-host -- bootstrap ${host}\n`,
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
      // As Slack shows it, and as the person would copy it: entities decoded.
      if (text.startsWith('```')) return decodeSlackEntities(text.replace(/^```|```$/g, ''));
    }
  }
  return fail(
    `No bootstrap for ${host} in the demo's Slack: register it first (npm run slack -- '/hybrid host register ${host} --cluster demo --site … --ip …'), or paste the commands you got into a file and add --from FILE.`,
  );
}

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

main().catch((err: unknown) => {
  const cause = (err as { cause?: { code?: string } }).cause?.code;
  fail(cause === 'ECONNREFUSED' ? NO_DEMO : `npm run sim-host failed: ${(err as Error).message}`);
});
