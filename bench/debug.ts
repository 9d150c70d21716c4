import { ListCommandInvocationsCommand, ListCommandsCommand, SSMClient } from '@aws-sdk/client-ssm';
import { nextFactLookMs } from '../src/domain/host-facts/fact-collection';
import { startTestBot } from '../test/support/test-bot';

/**
 * bench:debug: `/hybrid doctor demo --hosts` over BENCH_HOSTS (200) simulated SSM hosts joined to
 * demo. Prints how long the report took, how long the simulated Run Commands themselves took (from
 * SSM's own timestamps, read back as the aws CLI would), the polling interval that saw them end, and
 * how many SendCommand and ListCommandInvocations calls the bot made. Exits non-zero when it sent
 * more than one command per 50 hosts, or took longer than 1.2 × the commands' time plus that interval.
 */
const HOSTS = Number(process.env.BENCH_HOSTS ?? 200);

async function main(): Promise<void> {
  const t = await startTestBot();
  try {
    t.sim.control.addHybridNodes('demo', { count: HOSTS });
    t.sim.control.clearApiCalls();
    const started = Date.now();
    await t.command('doctor demo --hosts', { user: 'U0VIEWER' });
    const reply = await t.waitForCall(
      (c) => c.kind === 'response_url' && JSON.stringify(c.args).includes('Host facts for demo'),
      10 * 60_000,
    );
    const seconds = (Date.now() - started) / 1000;
    const calls = t.sim.control.apiCalls();
    const sent = calls['ssm:SendCommand'] ?? 0;
    const listed = calls['ssm:ListCommandInvocations'] ?? 0;
    const commandSeconds = await factCommandsSeconds(t.sim.awsEndpoint);
    // Every look reads each pending command once: the looks made, and the wait before the last one.
    const looks = sent > 0 ? Math.ceil(listed / sent) : 0;
    const pollSeconds = looks > 0 ? nextFactLookMs(looks - 1) / 1000 : 0;
    const target = 1.2 * commandSeconds + pollSeconds;
    const read = /\((\d+) read through/.exec(String(reply.args.text))?.[1];
    const result = {
      hosts: HOSTS,
      seconds: round(seconds),
      command_seconds: round(commandSeconds),
      poll_interval_seconds: round(pollSeconds),
      target_seconds: round(target),
      ratio_to_target: round(seconds / target),
      send_command_calls: sent,
      list_command_calls: listed,
      hosts_read: Number(read ?? 0),
    };
    process.stdout.write(`${JSON.stringify(result)}\n`);
    if (sent > Math.ceil(HOSTS / 50)) {
      process.stderr.write(`more than one SendCommand per 50 hosts: ${sent}\n`);
      process.exitCode = 1;
    }
    if (seconds > target) {
      process.stderr.write(`took ${round(seconds)} s, over the target of ${round(target)} s\n`);
      process.exitCode = 1;
    }
  } finally {
    await t.stop();
  }
}

/** From the first fact command's request to the last invocation's end, as SSM itself records them. */
async function factCommandsSeconds(endpoint: string): Promise<number> {
  const ssm = new SSMClient({
    region: 'us-west-2',
    endpoint,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
  try {
    const { Commands = [] } = await ssm.send(new ListCommandsCommand({}));
    const facts = Commands.filter((c) => c.Comment?.startsWith('hybrid-bot host facts'));
    let first = Number.POSITIVE_INFINITY;
    let last = 0;
    for (const c of facts) {
      first = Math.min(first, c.RequestedDateTime?.getTime() ?? first);
      let token: string | undefined;
      do {
        const page = await ssm.send(
          new ListCommandInvocationsCommand({ CommandId: c.CommandId, Details: true, NextToken: token }),
        );
        for (const inv of page.CommandInvocations ?? []) {
          for (const p of inv.CommandPlugins ?? [])
            last = Math.max(last, p.ResponseFinishDateTime?.getTime() ?? 0);
        }
        token = page.NextToken;
      } while (token);
    }
    return facts.length > 0 && last > first ? (last - first) / 1000 : 0;
  } finally {
    ssm.destroy();
  }
}

const round = (n: number) => Number(n.toFixed(2));

main().catch((err) => {
  process.stderr.write(`${(err as Error).stack ?? err}\n`);
  process.exit(1);
});
