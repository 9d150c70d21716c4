import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { helmCommandFor, instructionsFor } from '../../../scripts/lib/instructions-sent';
import { helmUpgradeFromCommand } from '../../../sim/helm/helm-cli';
import { helmCommandComment, valuesFile } from '../../../src/blocks/cni/helm-command-message';
import { bulkSecretsFile } from '../../../src/blocks/hosts/bulk-messages';
import { hostInstructionsMessage } from '../../../src/blocks/pools/host-instructions-message';
import { ssmRegistrationScript } from '../../../src/domain/hosts/registration-bootstrap';
import { freePort } from '../../support/redis-server';
import { until as untilShared } from '../../support/until';

/** The demo scripts run as a newcomer runs them: real processes, each in its own temporary .demo. */
const ROOT = join(__dirname, '..', '..', '..');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function baseEnv(dir: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const { REDIS_URL: _r, PORT: _p, SIM_PORT: _s, CONSOLE_PORT: _c, ...env } = process.env;
  return { ...env, HYBRID_DEMO_DIR: dir, CONSOLE_PORT: '0', LOG_LEVEL: 'error', ...extra };
}

function start(script: string, args: string[], env: NodeJS.ProcessEnv): { proc: ChildProcess; out: Run } {
  // tsx as a loader, not its CLI: the CLI runs the script in a child, and the test needs the script's own pid.
  const proc = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts', script), ...args], {
    env,
    cwd: ROOT,
  });
  const out: Run = { code: null, stdout: '', stderr: '' };
  proc.stdout?.on('data', (d: Buffer) => {
    out.stdout += d.toString();
  });
  proc.stderr?.on('data', (d: Buffer) => {
    out.stderr += d.toString();
  });
  return { proc, out };
}

function run(script: string, args: string[], env: NodeJS.ProcessEnv): Promise<Run> {
  const { proc, out } = start(script, args, env);
  return new Promise((resolve) => {
    proc.once('close', (code) => resolve({ ...out, code }));
  });
}

/** The demo runs whole scripts: its waits are long, and looked at every 200 ms. */
const until = (what: string, cond: () => boolean | Promise<boolean>, timeoutMs = 60_000) =>
  untilShared(what, cond, { timeoutMs, intervalMs: 200 });

/** Whether a process is alive: present in the process table and not a zombie. */
function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/^\d+ \(.*\) [ZX]/.test(stat);
  } catch {
    if (existsSync('/proc/self')) return false;
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  }
}

function redisPidIn(stdout: string): number {
  const pid = Number(/redis-server \(pid (\d+)\)/.exec(stdout)?.[1]);
  if (!pid) throw new Error(`the demo did not say which redis-server it started:\n${stdout}`);
  return pid;
}

function holdPort(): Promise<{ port: number; server: Server }> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const addr = server.address();
      resolve({ port: typeof addr === 'object' && addr ? addr.port : 0, server });
    });
  });
}

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'hybrid-demo-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('npm run slack', () => {
  it('says no demo is running when the session file is left from a stopped demo, without a stack trace', async () => {
    const closed = await freePort();
    writeFileSync(
      join(dir, 'session.json'),
      JSON.stringify({
        botUrl: `http://127.0.0.1:${closed}`,
        signingSecret: 'x',
        simUrl: `http://127.0.0.1:${closed}`,
        slackUrl: `http://127.0.0.1:${closed}`,
      }),
    );
    const r = await run('slack.ts', ['/hybrid ping'], baseEnv(dir));
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe('No demo is running: start it with `npm run demo` (in another terminal).');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  }, 30_000);

  it('ends quietly when the reader stops early (npm run slack | head)', async () => {
    // A demo's bot and simulator, as far as the script asks: healthy, and a channel with many posts.
    const posts = Array.from({ length: 400 }, (_, i) => ({
      kind: 'api',
      method: 'chat.postMessage',
      status: 200,
      at: i,
      args: { channel: 'C0OPS', text: `post ${i} ${'x'.repeat(200)}` },
    }));
    const fake = createHttpServer((req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(req.url === '/_sim/slack/calls' ? JSON.stringify(posts) : '{}');
    });
    await new Promise<void>((r) => fake.listen(0, '127.0.0.1', r));
    try {
      const url = `http://127.0.0.1:${(fake.address() as AddressInfo).port}`;
      writeFileSync(
        join(dir, 'session.json'),
        JSON.stringify({ botUrl: url, signingSecret: 'x', simUrl: url, slackUrl: url }),
      );
      const { proc, out } = start('slack.ts', ['--channel', 'C0OPS', '--last', '400'], baseEnv(dir));
      // head: read the first lines, then close the pipe.
      proc.stdout?.once('data', () => proc.stdout?.destroy());
      const code = await new Promise<number | null>((r) => proc.once('close', r));
      expect(out.stderr).toBe('');
      expect(code).toBe(0);
    } finally {
      fake.close();
    }
  }, 30_000);
});

describe('npm run sim-host', () => {
  it('prints its usage on --help and exits 0', async () => {
    const r = await run('sim-host.ts', ['--help'], baseEnv(dir));
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('Usage: npm run sim-host -- bootstrap <host>');
  }, 30_000);

  it("finds a host's line of a bulk registration, and a pool's commands for an IAM Roles Anywhere host", () => {
    const id = '0b1f0c2e-5c4d-4e55-9b4a-2f1e3d4c5b6a';
    const code = 'Abc+def/1234567890abcdefgh';
    const template = ssmRegistrationScript({
      kubernetesVersion: '1.31',
      region: 'us-west-2',
      activationId: '<ACTIVATION_ID>',
      activationCode: '<ACTIVATION_CODE>',
    }).commands;
    const file = bulkSecretsFile(
      'demo',
      [{ registration: { name: 'store12-edge-02' } as never, activationId: id }],
      new Map([['store12-edge-02', code]]),
      template,
      Date.now(),
    );
    const join = hostInstructionsMessage({
      changeId: 'c1',
      stepKey: 'join-store12-edge-03',
      pool: 'kiosks',
      cluster: 'demo',
      host: 'store12-edge-03',
      nodeName: 'store12-edge-03',
      commands: [
        'nodeadm install 1.31 --credential-provider iam-ra',
        'nodeadm init -c file:///etc/hybrid-bot/nodeconfig.yaml',
      ],
    });
    // As the simulated Slack records them: the file's bytes, its share in the DM, then the pool's DM.
    const calls = [
      { kind: 'upload', method: '/upload/F0BULK', args: { content: file.content }, status: 200 },
      {
        kind: 'api',
        method: 'files.completeUploadExternal',
        args: { channel_id: 'D0U0OPERATOR', initial_comment: file.comment, files: [{ id: 'F0BULK' }] },
        status: 200,
      },
      { kind: 'api', method: 'chat.postMessage', args: { channel: 'U0OPERATOR', ...join }, status: 200 },
    ];
    const bulk = instructionsFor(calls, 'store12-edge-02');
    expect(bulk?.kind).toBe('bootstrap');
    expect(bulk?.script).toContain(`activationCode: ${code}`);
    expect(bulk?.script).toContain(`amazon-ssm-agent -register -code "${code}" -id "${id}"`);
    expect(instructionsFor(calls, 'store12-edge-03')).toMatchObject({
      kind: 'pool-step',
      script:
        'nodeadm install 1.31 --credential-provider iam-ra\nnodeadm init -c file:///etc/hybrid-bot/nodeconfig.yaml',
    });
    expect(instructionsFor(calls, 'store12-edge-04')).toBeUndefined();
  });

  it('finds the helm command sent for a cluster, with its file as values.yaml, as helm reads them', () => {
    const input = {
      cluster: 'demo',
      changeId: 'c7',
      version: '1.18.3-0',
      values: { operator: { replicas: 1 } },
      upgradeCompatibility: '1.17',
    };
    const calls = [
      { kind: 'upload', method: '/upload/F0VALUES', args: { content: valuesFile(input) }, status: 200 },
      {
        kind: 'api',
        method: 'files.completeUploadExternal',
        args: {
          channel_id: 'D0U0ADMIN',
          initial_comment: helmCommandComment(input),
          files: [{ id: 'F0VALUES' }],
        },
        status: 200,
      },
    ];
    expect(helmCommandFor(calls, 'gitops')).toBeUndefined();
    const found = helmCommandFor(calls, 'demo')!;
    const request = helmUpgradeFromCommand(found.command, (name) =>
      name === 'values.yaml' ? found.valuesYaml : undefined,
    );
    expect(request).toEqual({
      release: 'cilium',
      chart: 'oci://public.ecr.aws/eks/cilium/cilium',
      version: '1.18.3-0',
      namespace: 'kube-system',
      values: { operator: { replicas: 1 }, upgradeCompatibility: '1.17' },
    });
  });
});

describe('npm run demo', () => {
  it.each([
    ['simulator', 'SIM_PORT', 'PORT'],
    ['bot', 'PORT', 'SIM_PORT'],
  ])(
    'exits with a clear message when the %s port is taken, and leaves no redis-server behind',
    async (part, taken, free) => {
      const { port, server } = await holdPort();
      try {
        const r = await run('demo.ts', [], baseEnv(dir, { [taken]: String(port), [free]: '0' }));
        expect(r.code).toBe(1);
        expect(r.stderr).toContain(
          `The ${part} cannot listen on port ${port}: another process uses it. Stop that process, or pick another port with ${taken}=<port> npm run demo.`,
        );
        expect(r.stderr).not.toMatch(/\n\s+at /);
        expect(alive(redisPidIn(r.stdout))).toBe(false);
        expect(existsSync(join(dir, 'session.json'))).toBe(false);
      } finally {
        server.close();
      }
    },
    60_000,
  );
});

describe("a newcomer's session", () => {
  it('registers a host, plays its operator, sees the channel, and leaves nothing running after Ctrl-C', async () => {
    const demo = start('demo.ts', [], baseEnv(dir, { PORT: '0', SIM_PORT: '0' }));
    try {
      await until('the demo to start', () => demo.out.stdout.includes('demo is running'), 90_000).catch(
        (err: Error) => {
          throw new Error(`${err.message}\n${demo.out.stdout}\n${demo.out.stderr}`);
        },
      );
      const redisPid = redisPidIn(demo.out.stdout);
      const env = baseEnv(dir);

      const form = await run('slack.ts', ['/hybrid host register'], env);
      expect(form.stdout).toContain('a form opened in Slack');
      expect(form.stdout).toContain('npm run slack cannot fill in forms');

      const registered = await run(
        'slack.ts',
        ['/hybrid host register store12-edge-01 --cluster demo --site store-12 --ip 10.80.1.11'],
        env,
      );
      expect(registered.stdout).toContain('== Bootstrap store12-edge-01 ==');

      const operator = await run('sim-host.ts', ['bootstrap', 'store12-edge-01'], env);
      expect(operator.stderr).toBe('');
      expect(operator.stdout).toMatch(/store12-edge-01 ran its bootstrap: registered with SSM as mi-/);

      await until('the channel to hear of the host', async () => {
        const channel = await run('slack.ts', ['--channel', 'C0OPS', '--last', '5'], env);
        return /store12-edge-01\S* registered as `mi-/.test(channel.stdout);
      });
      // The bootstrap ran as pasted: the host keeps the NodeConfig's credentials part a pool needs later.
      const { simUrl } = JSON.parse(readFileSync(join(dir, 'session.json'), 'utf8')) as { simUrl: string };
      const onHost = await fetch(`${simUrl}/_sim/hosts/store12-edge-01/run`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ script: 'test -s /etc/hybrid-bot/credentials.yaml' }),
      });
      expect(((await onHost.json()) as { exitCode: number }).exitCode).toBe(0);

      // Re-imaging it, as a rollout to a new OS image asks, wipes that disk: the credentials are gone.
      const reimaged = await run('sim-host.ts', ['reimage', 'store12-edge-01', '--os', 'ubuntu-24.04'], env);
      expect(reimaged.stdout).toContain('store12-edge-01 re-imaged (ubuntu-24.04)');
      const wiped = await fetch(`${simUrl}/_sim/hosts/store12-edge-01/run`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ script: 'test -s /etc/hybrid-bot/credentials.yaml' }),
      });
      expect(((await wiped.json()) as { exitCode: number }).exitCode).not.toBe(0);

      // A CNI change on demo, whose Cilium is a plain Helm release: the admin runs the helm command sent.
      await run('slack.ts', ['--as', 'U0ADMIN', '/hybrid cni set demo --cilium 1.18.3-0'], env);
      await run('slack.ts', ['--as', 'U0APPROVER', '--click', 'Approve'], env);
      let helm: Run | undefined;
      await until('the helm command to reach the admin', async () => {
        helm = await run('sim-host.ts', ['helm', 'demo'], env);
        return helm.code === 0;
      });
      expect(helm?.stdout).toContain('Release "cilium" has been upgraded');
      await until('the change to finish', async () => {
        const channel = await run('slack.ts', ['--channel', 'C0OPS', '--last', '3'], env);
        return /Done: Set the CNI layer of demo/.test(channel.stdout);
      });

      demo.proc.kill('SIGINT');
      await new Promise((r) => demo.proc.once('close', r));
      expect(alive(redisPid)).toBe(false);
      expect(existsSync(join(dir, 'session.json'))).toBe(false);
      const after = await run('slack.ts', ['/hybrid ping'], env);
      expect(after.stderr.trim()).toBe(
        'No demo is running: start it with `npm run demo` (in another terminal).',
      );
    } finally {
      if (demo.proc.exitCode === null) demo.proc.kill('SIGKILL');
    }
  }, 240_000);
});
