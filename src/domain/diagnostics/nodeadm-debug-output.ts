/**
 * `nodeadm debug --no-color` output (aws/eks-hybrid, internal/validation/printer.go): one line per
 * check, `* <what it validates> [Success]` or `[Failed]`, and under a failed check a tree of its
 * errors, each possibly followed by the captured stderr and a `Remediation`:
 *
 *   * Validating NTP synchronization status [Failed]
 *     └─ Error
 *        └─ validating NTP synchronization via chronyc: chronyd not synchronized
 *        └─ Remediation
 *           └─ Ensure the hybrid node is synchronized with NTP through chronyd services. …
 *
 * The printer prints the check's description, not its name, so the names below come from the
 * descriptions nodeadm's validators print.
 */
export interface NodeadmCheck {
  /** nodeadm's name for the check where the description is one nodeadm prints, else the description. */
  name: string;
  /** The description as nodeadm printed it. */
  title: string;
  passed: boolean;
  errors: string[];
  /** nodeadm's own remediation text, one per error that has one. */
  remediations: string[];
}

const CHECK_NAMES: Record<string, string> = {
  'Validating access to AWS SSM API endpoint': 'ssm-api-network',
  'Validating access to AWS IAM Roles Anywhere API endpoint': 'iam-ra-api-network',
  'Validating NTP synchronization status': 'ntp-sync',
  'Validating swap configuration': 'swap',
  'Validating ulimit configuration': 'ulimit',
  'Validating authentication against AWS': 'aws-auth',
  'Validating proxy configuration on the hybrid node': 'proxy-config',
  'Retrieving cluster details': 'cluster-details-retrieval',
  'Validating access to Kubernetes API endpoint': 'k8s-endpoint-network',
  'Validating authenticated request to Kubernetes API endpoint': 'k8s-authentication',
  'Validating Kubernetes identity matches a Node identity': 'k8s-identity',
  'Validating access to Kube-API server through VPC IPs': 'k8s-vpc-network',
  'Validating kubelet server certificate': 'k8s-certificate',
  'Validating hybrid node network interface': 'network-interface',
  'Validating active node status in Kubernetes cluster': 'active-node-validation',
};

const CHECK_LINE = /^\* (.*) \[(Success|Failed)\]\s*$/;
/** A tree line: its branch glyphs, then the text. */
const TREE_LINE = /^[\s│├└─]*[├└]─ (.*)$/;
/** Colour codes, should a nodeadm without --no-color print them. */
const ANSI = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');

/** The checks `nodeadm debug` printed, in order; lines outside a check's tree are ignored. */
export function parseNodeadmDebug(output: string): NodeadmCheck[] {
  const checks: NodeadmCheck[] = [];
  let current: NodeadmCheck | undefined;
  // What the next leaf line is: an error message, a remediation, or stderr captured from a helper.
  let expecting: 'error' | 'remediation' | 'other' = 'other';
  // The list whose last entry a bare line (a multi-line message's next line) continues.
  let continues: string[] | undefined;
  for (const raw of output.replace(ANSI, '').split('\n')) {
    const line = raw.replace(/\r$/, '');
    const check = CHECK_LINE.exec(line);
    if (check) {
      const title = check[1]?.trim() ?? '';
      current = {
        name: CHECK_NAMES[title] ?? title,
        title,
        passed: check[2] === 'Success',
        errors: [],
        remediations: [],
      };
      checks.push(current);
      expecting = 'other';
      continues = undefined;
      continue;
    }
    if (!current || current.passed) continue;
    const tree = TREE_LINE.exec(line);
    if (!tree) {
      // A multi-line error or remediation: its later lines are printed bare.
      const text = line.trim();
      if (!text || text.startsWith('Issues found during validation')) continue;
      if (continues && continues.length > 0) continues[continues.length - 1] += `\n${text}`;
      continue;
    }
    const text = tree[1]?.trim() ?? '';
    continues = undefined;
    if (text === 'Error') expecting = 'error';
    else if (text === 'Remediation') expecting = 'remediation';
    else if (text === 'stderr') expecting = 'other';
    else if (expecting === 'error') {
      current.errors.push(text);
      continues = current.errors;
      expecting = 'other';
    } else if (expecting === 'remediation') {
      current.remediations.push(text);
      continues = current.remediations;
      expecting = 'other';
    }
  }
  return checks;
}
