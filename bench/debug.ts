import { startTestBot } from '../test/support/test-bot';

/**
 * bench:debug: `/hybrid doctor demo --hosts` over BENCH_HOSTS (200) simulated SSM hosts joined to
 * demo. Prints how long the report took and how many SendCommand and ListCommandInvocations calls
 * the bot made, as the simulated SSM counted them; exits non-zero when it sent more than one
 * command per 50 hosts.
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
    const read = /\((\d+) read through/.exec(String(reply.args.text))?.[1];
    const result = {
      hosts: HOSTS,
      seconds: Number(seconds.toFixed(2)),
      send_command_calls: calls['ssm:SendCommand'] ?? 0,
      list_command_calls: calls['ssm:ListCommandInvocations'] ?? 0,
      hosts_read: Number(read ?? 0),
    };
    process.stdout.write(`${JSON.stringify(result)}\n`);
    if (result.send_command_calls > Math.ceil(HOSTS / 50)) {
      process.stderr.write(`more than one SendCommand per 50 hosts: ${result.send_command_calls}\n`);
      process.exitCode = 1;
    }
  } finally {
    await t.stop();
  }
}

main().catch((err) => {
  process.stderr.write(`${(err as Error).stack ?? err}\n`);
  process.exit(1);
});
