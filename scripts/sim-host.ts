import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { helmUpgradeFromCommand } from '../sim/helm/helm-cli';
import { NO_DEMO, runningSession } from './lib/demo-session';
import { helmCommandFor, instructionsFor, type SlackCallRecord } from './lib/instructions-sent';
import { exitQuietlyWhenReaderCloses } from './lib/quiet-pipe';

/**
 * `npm run sim-host -- bootstrap <host> [--from FILE]`: plays the operator at an edge host of the demo.
 * `npm run sim-host -- reimage <host> [--os ubuntu-24.04]` re-images it first, as a rollout to a
 * profile with a new OS image asks (its disk is wiped; a new bootstrap reaches it again).
 * It takes the newest instructions the bot sent privately for the host (a bootstrap, its line of a
 * bulk registration's file with the commands from that message, or what a pool asks of an IAM Roles
 * Anywhere host), or the commands pasted into FILE, and runs them on the simulated host as pasted
 * there, through the simulator's control API (`POST /_sim/hosts/<host>/run`).
 */
const USAGE = `Usage: npm run sim-host -- bootstrap <host> [--from FILE]
       npm run sim-host -- reimage <host> [--os ubuntu-24.04]
       npm run sim-host -- helm <cluster>

  bootstrap  runs at the host what the bot sent you for it, as you would paste it there: its
             bootstrap (single or bulk registration), or the commands a pool sends for an IAM
             Roles Anywhere host; --from FILE runs the commands you saved in FILE instead
  reimage    wipes the host's disk as a re-image would (--os: the new image's OS); then run the
             new bootstrap you are sent
  helm       runs against the cluster the helm upgrade the bot sent you for it (a Cilium change
             where Flux does not own the release), with its file saved as values.yaml
`;

async function main(): Promise<void> {
  exitQuietlyWhenReaderCloses();
  const { values, positionals } = parseArgs({
    options: { from: { type: 'string' }, os: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    allowPositionals: true,
  });
  if (values.help || positionals[0] === 'help') {
    process.stdout.write(USAGE);
    return;
  }
  const [action, host] = positionals;
  if (!['bootstrap', 'reimage', 'helm'].includes(action ?? '') || !host) fail(USAGE.trimEnd());
  const session = (await runningSession()) ?? fail(NO_DEMO);
  if (action === 'reimage') return reimage(session.simUrl, host, values.os);
  if (action === 'helm') return helm(session.simUrl, host);
  const found = values.from
    ? { script: readFileSync(values.from, 'utf8'), kind: 'bootstrap' as const }
    : await instructionsSentFor(session.simUrl, host);
  const script = found.script?.replace(/\r\n/g, '\n') ?? '';
  if (!/nodeadm|amazon-ssm-agent/.test(script)) {
    fail(
      `${host} is an IAM Roles Anywhere host registered without --join, or that is not a bootstrap the bot sends: there is nothing to run on it until a pool takes it (place its certificate and key as the bootstrap says).`,
    );
  }
  const res = await fetch(`${session.simUrl}/_sim/hosts/${encodeURIComponent(host)}/run`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ script }),
  });
  const answer = (await res.json()) as {
    error?: string;
    exitCode?: number;
    stderr?: string;
    stdout?: string;
    managedInstanceId?: string;
    nodeName?: string;
  };
  if (!res.ok) fail(`The host refused the commands: ${answer.error ?? `HTTP ${res.status}`}`);
  if (answer.exitCode !== 0) {
    fail(
      `The commands failed on ${host} (exit ${answer.exitCode}):\n${answer.stderr || answer.stdout || ''}`.trim(),
    );
  }
  // The simulator names a node only while it exists in its cluster: a host that left one joined nothing.
  const joined = /nodeadm\s+(init|upgrade)\b/.test(script) ? answer.nodeName : undefined;
  if (found.kind === 'pool-step') {
    process.stdout.write(
      `${host} ran the commands its pool sent${joined ? `: its kubelet runs as node ${joined}` : ''}.\n` +
        'Press Done on that message: npm run slack -- --click Done\n',
    );
    return;
  }
  const done = [
    answer.managedInstanceId ? `registered with SSM as ${answer.managedInstanceId}` : undefined,
    joined ? `joined the cluster as node ${joined}` : undefined,
  ].filter(Boolean);
  process.stdout.write(
    `${host} ran its bootstrap: ${done.join(', ') || 'done'}.\n` +
      'The bot tells the channel once it sees the host: npm run slack -- --channel C0OPS --watch\n',
  );
}

/** The operator runs the helm upgrade they were sent, against the cluster it names. */
async function helm(simUrl: string, cluster: string): Promise<void> {
  const calls = (await (await fetch(`${simUrl}/_sim/slack/calls`)).json()) as SlackCallRecord[];
  const found = helmCommandFor(calls, cluster);
  if (!found) {
    fail(
      `No helm command for ${cluster} in the demo's Slack: the bot sends one privately with a Cilium change on a cluster where Flux does not own the release (npm run slack -- --as U0ADMIN '/hybrid cni set ${cluster} --cilium …').`,
    );
  }
  let request: ReturnType<typeof helmUpgradeFromCommand>;
  try {
    request = helmUpgradeFromCommand(found.command, (name) =>
      name === 'values.yaml' ? found.valuesYaml : undefined,
    );
  } catch (e) {
    return fail(`Error: ${(e as Error).message}`);
  }
  process.stdout.write(`$ ${found.command}\n`);
  const res = await fetch(`${simUrl}/_sim/clusters/${encodeURIComponent(cluster)}/helm`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(request),
  });
  const answer = (await res.json()) as { error?: string; release?: string; revision?: number };
  if (!res.ok) fail(`Error: ${answer.error ?? `HTTP ${res.status}`}`);
  process.stdout.write(
    `Release "${answer.release}" has been upgraded. Happy Helming!\nREVISION: ${answer.revision}\n` +
      'The change watches the cluster and says when Cilium runs the new version: npm run slack -- --channel C0OPS --watch\n',
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

/** The newest instructions the bot sent privately for this host, in what the simulated Slack received. */
async function instructionsSentFor(
  simUrl: string,
  host: string,
): Promise<{ script?: string; kind: 'bootstrap' | 'pool-step' }> {
  const res = await fetch(`${simUrl}/_sim/slack/calls`);
  const calls = (await res.json()) as SlackCallRecord[];
  const found = instructionsFor(calls, host);
  if (found) return found;
  // A bootstrap without commands for the host: an IAM Roles Anywhere registration (where its certificate goes).
  if (JSON.stringify(calls).includes(`Bootstrap ${host}`)) return { kind: 'bootstrap' };
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
