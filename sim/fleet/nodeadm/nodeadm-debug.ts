import type { Fleet } from '../fleet';
import { hasFault } from '../host-facts';
import { currentHealth } from '../node-health';
import type { Host } from '../types';
import { parseNodeConfig } from './node-config';
import type { ConfigReader } from './nodeadm-verbs';
import type { CommandResult } from './ssm-agent';

/** One validation's outcome: passed, or failed with nodeadm's error and (when it gives one) remediation. */
type Outcome = undefined | { error: string; remediation?: string };

interface Check {
  /** The validation's name in nodeadm (`--skip` takes it). */
  name: string;
  /** What nodeadm prints when it starts the validation. */
  message: string;
  run: () => Outcome;
}

const CERT_PATH = '/var/lib/kubelet/pki/kubelet-server-current.pem';
const BAD_PERMISSIONS =
  "Verify the Kubernetes identity and permissions assigned to the IAM roles on this node, it should belong to the group 'system:nodes'. Check your Access Entries or aws-auth ConfigMap.";

/**
 * `nodeadm debug -c <source> [--no-color]`: nodeadm's validations in its order, each printed as
 * `* <message> [Success|Failed]` with its error and remediation under a failure (internal/validation/printer.go);
 * the outcome of each follows the host's faults and the node's state in its cluster.
 */
export function nodeadmDebug(
  fleet: Fleet,
  host: Host,
  args: string[],
  readConfig: ConfigReader,
): CommandResult {
  const flag = (...names: string[]) => {
    const at = args.findIndex((a) => names.includes(a));
    if (at >= 0) return args[at + 1];
    const inline = args.find((a) => names.some((n) => a.startsWith(`${n}=`)));
    return inline?.slice(inline.indexOf('=') + 1);
  };
  const source = flag('-c', '--config-source');
  if (!source) {
    return fail(
      2,
      '--config-source is a required flag. The format is a URI with supported schemes: [file, imds]. For example on hybrid nodes --config-source file://nodeConfig.yaml',
    );
  }
  const text = readConfig(source);
  if (text === undefined) {
    return fail(1, `open ${source.replace('file://', '')}: no such file or directory`);
  }
  const parsed = parseNodeConfig(text);
  if (!parsed.ok) return fail(1, parsed.error);
  const config = parsed.config;
  const out = new Printer(args.includes('--no-color'));

  const cluster = fleet.clusterIn(config.region, config.clusterName);
  const nodeName = host.node.nodeName;
  const node = cluster && nodeName ? cluster.store.get('nodes', nodeName) : undefined;
  const endpoint = cluster ? new URL(cluster.endpoint) : undefined;
  const before: Check[] = [
    config.provider === 'ssm'
      ? { name: 'ssm-endpoint-access', message: 'Validating access to AWS SSM API endpoint', run: pass }
      : {
          name: 'iam-roles-anywhere-endpoint-access',
          message: 'Validating access to AWS IAM Roles Anywhere API endpoint',
          run: pass,
        },
    {
      name: 'ntp-sync',
      message: 'Validating NTP synchronization status',
      run: () =>
        hasFault(host, 'clock-skew')
          ? {
              error: 'validating NTP synchronization via chronyc: chronyd not synchronized',
              remediation:
                'Ensure the hybrid node is synchronized with NTP through chronyd services. Verify NTP server configuration in /etc/chrony.conf. If using airgapped networks, ensure chrony is configured with local NTP sources and adjusted manually.',
            }
          : undefined,
    },
    {
      name: 'swap',
      message: 'Checking swap configuration...',
      run: () =>
        hasFault(host, 'swap-on')
          ? {
              error:
                "partition type swap found on the host. Nodeadm can only disable file-type swap automatically. Please manually disable swap partitions before running nodeadm init, or set kubelet config 'failSwapOn: false' to allow swap. You can disable swap with: 'sudo swapoff -a' and remove swap entries from /etc/fstab",
            }
          : undefined,
    },
    { name: 'ulimit', message: 'Validating ulimit configuration', run: pass },
    { name: 'aws-auth', message: 'Validating authentication against AWS', run: pass },
    { name: 'proxy-config', message: 'Validating proxy configuration on the hybrid node', run: pass },
  ];
  for (const c of before) out.check(c);

  if (!cluster || !endpoint) {
    out.check({
      name: 'cluster-details-retrieval',
      message: 'Retrieving cluster details',
      run: () => ({
        error: `operation error EKS: DescribeCluster, https response error StatusCode: 404, ResourceNotFoundException: No cluster found for name: ${config.clusterName}.`,
        remediation:
          'Ensure the Kubernetes API server endpoint is provided or the node has access and permissions to call EKS DescribeCluster API.',
      }),
    });
    return { status: 1, stdout: out.text(), stderr: '' };
  }

  const unreachable = hasFault(host, 'api-unreachable');
  const port = endpoint.port || '443';
  // k8s-endpoint-network, then k8s-authentication, k8s-identity and k8s-vpc-network: each only if the last passed.
  const untilError: Check[] = [
    {
      name: 'k8s-endpoint-network',
      message: 'Validating access to Kubernetes API endpoint',
      run: () =>
        unreachable
          ? {
              error: `dial tcp ${endpoint.hostname}:${port}: i/o timeout`,
              remediation:
                'Ensure your network configuration allows the node to access the Kubernetes API endpoint.',
            }
          : undefined,
    },
    {
      name: 'k8s-endpoint-network',
      message: 'Validating unauthenticated request to Kubernetes API endpoint',
      run: pass,
    },
    {
      name: 'k8s-authentication',
      message: 'Validating authenticated request to Kubernetes API endpoint',
      run: () => (node ? undefined : { error: 'Unauthorized', remediation: BAD_PERMISSIONS }),
    },
    { name: 'k8s-identity', message: 'Validating Kubernetes identity matches a Node identity', run: pass },
    { name: 'k8s-vpc-network', message: 'Validating access to Kube-API server through VPC IPs', run: pass },
  ];
  for (const c of untilError) if (!out.check(c)) break;

  const rest: Check[] = [
    {
      name: 'k8s-certificate',
      message: 'Validating kubelet server certificate',
      run: () =>
        hasFault(host, 'certificate-expired')
          ? {
              error: 'validating kubelet certificate: server certificate has expired',
              remediation: `Delete the kubelet server certificate file ${CERT_PATH} and restart kubelet. Validate \`serverTLSBootstrap\` is true in the kubelet config /etc/kubernetes/kubelet/config.json to automatically rotate the certificate`,
            }
          : undefined,
    },
    { name: 'network-interface', message: 'Validating hybrid node network interface', run: pass },
    {
      name: 'active-node-validation',
      message: 'Validating active node status in Kubernetes cluster',
      run: () => {
        if (!node || !host.node.running)
          return {
            error: 'context deadline exceeded',
            remediation: `Detected Hostname: null, verify this node's network connectivity and authentication credentials.`,
          };
        if (unreachable || currentHealth(node) !== 'Ready')
          return {
            error: `node '${nodeName}' did not become ready within timeout 5m0s: context deadline exceeded`,
            remediation: 'Check kubelet logs and ensure the node has joined the cluster properly.',
          };
        return undefined;
      },
    },
  ];
  for (const c of rest) out.check(c);

  if (out.failed) {
    out.line('');
    out.line('Issues found during validation. Please follow the remediation advice above.');
    return { status: 1, stdout: out.text(), stderr: '' };
  }
  return { status: 0, stdout: out.text(), stderr: '' };
}

function pass(): Outcome {
  return undefined;
}

function fail(status: number, message: string): CommandResult {
  return { status, stdout: '', stderr: message };
}

class Printer {
  private readonly lines: string[] = [];
  failed = false;

  constructor(private readonly noColor: boolean) {}

  /** Runs a check and prints its outcome; false when it failed. */
  check(c: Check): boolean {
    const outcome = c.run();
    if (!outcome) {
      this.lines.push(`* ${c.message} [${this.color('32', 'Success')}]`);
      return true;
    }
    this.failed = true;
    this.lines.push(`* ${c.message} [${this.color('31', 'Failed')}]`);
    this.lines.push(`  └─ ${this.color('31', 'Error')}`);
    this.lines.push(`     └─ ${outcome.error}`);
    if (outcome.remediation) {
      this.lines.push(`     └─ ${this.color('34', 'Remediation')}`);
      this.lines.push(`        └─ ${outcome.remediation}`);
    }
    return false;
  }

  line(text: string): void {
    this.lines.push(text);
  }

  text(): string {
    return `${this.lines.join('\n')}\n`;
  }

  private color(code: string, text: string): string {
    return this.noColor ? text : `\u001b[${code}m${text}\u001b[0m`;
  }
}
