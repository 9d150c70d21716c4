import type { Fleet } from '../fleet';
import { readRegistration, removePath, SSM_REGISTRATION_FILE, writeRegistration } from '../host-files';
import { agentRegistrationError, registerHost } from '../ssm-registration';
import type { Host } from '../types';

export interface CommandResult {
  status: number;
  stdout: string;
  stderr: string;
}

const USAGE = [
  '',
  '',
  'Command-line Usage:',
  '\t-register\tregister managed instance',
  '\t\t-id\tSSM activation ID    \t(REQUIRED)',
  '\t\t-code\tSSM activation code\t(REQUIRED)',
  '\t\t-region\tSSM region       \t(REQUIRED)',
  '',
  '\t\t-clear\tClears the previously saved SSM registration',
  '\t-y\tAnswer yes for all questions',
  '',
].join('\n');

/**
 * `amazon-ssm-agent -register -code C -id I -region R [-y]` as the agent runs it (agent/cli-main): trades the
 * activation for a managed-instance ID and writes /var/lib/amazon/ssm/registration. Its log goes to stdout.
 * Without `-y` on a registered host it asks before overriding, and a script has no answer to give.
 */
export function ssmAgentCommand(fleet: Fleet, host: Host, args: string[]): CommandResult {
  const flags = goFlags(args);
  const log = (level: 'INFO' | 'ERROR', msg: string) => `${agentTimestamp(fleet.now())} ${level} ${msg}`;
  if (!flags.has('register')) {
    // Without flags the agent starts its service; the host's systemd unit already runs it.
    return { status: 0, stdout: '', stderr: '' };
  }
  const code = flags.get('code') ?? '';
  const id = flags.get('id') ?? '';
  const region = flags.get('region') ?? '';
  if (!code || !id || !region) {
    if (flags.has('clear')) {
      removePath(host, SSM_REGISTRATION_FILE, false);
      return {
        status: 0,
        stdout: log('INFO', 'Registration information has been removed from the instance.'),
        stderr: '',
      };
    }
    return { status: 1, stdout: '', stderr: USAGE };
  }
  const previous = readRegistration(host);
  if (previous && !flags.has('y')) {
    return {
      status: 1,
      stdout: `\nInstance already registered. Would you like to override existing with new registration information? [Yes/No]: ${log('ERROR', 'Registration failed due to EOF')}`,
      stderr: '',
    };
  }
  const r = registerHost(fleet, host, id, code, region);
  if (!r.ok)
    return { status: 1, stdout: log('ERROR', agentRegistrationError(r).replace(/^ERROR /, '')), stderr: '' };
  // The old managed instance stays in SSM, no longer reached by this agent.
  const old = previous ? fleet.instances.get(previous.instanceId) : undefined;
  if (old && old.instanceId !== r.instance.instanceId) old.pingStatus = 'ConnectionLost';
  writeRegistration(host, r.instance.instanceId, region);
  fleet.effects.count(host.name, 'ssm-agent register');
  return {
    status: 0,
    stdout: log(
      'INFO',
      `Successfully registered the instance with AWS SSM using Managed instance-id: ${r.instance.instanceId}`,
    ),
    stderr: '',
  };
}

/** Go's flag package: `-name value`, `--name value`, `-name=value`; booleans take no value. */
function goFlags(args: string[]): Map<string, string> {
  const booleans = new Set(['register', 'y', 'clear', 'version', 'fingerprint']);
  const out = new Map<string, string>();
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (!a.startsWith('-')) continue;
    const [name = '', value] = a.replace(/^--?/, '').split(/=(.*)/s);
    if (value !== undefined) out.set(name, value);
    else if (booleans.has(name)) out.set(name, 'true');
    else out.set(name, args[++i] ?? '');
  }
  return out;
}

/** The agent's console log time: `2006-01-02 15:04:05`. */
function agentTimestamp(d: Date): string {
  return d.toISOString().replace('T', ' ').slice(0, 19);
}
