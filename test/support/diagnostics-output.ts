import { sectionMarker } from '../../src/domain/diagnostics/diagnostics-script';

/** `nodeadm debug --no-color` on a host whose clock drifted and whose node IP is outside the remote node networks. */
export const NODEADM_FAILING = `* Validating access to AWS SSM API endpoint [Success]
* Validating NTP synchronization status [Failed]
  └─ Error
     └─ validating NTP synchronization via chronyc: chronyd not synchronized
     └─ Remediation
        └─ Ensure the hybrid node is synchronized with NTP through chronyd services. Verify NTP server configuration in /etc/chrony.conf. If using airgapped networks, ensure chrony is configured with local NTP sources and adjusted manually.
* Validating swap configuration [Success]
* Validating ulimit configuration [Success]
* Validating authentication against AWS [Success]
* Validating proxy configuration on the hybrid node [Success]
* Validating access to Kubernetes API endpoint [Success]
* Validating authenticated request to Kubernetes API endpoint [Success]
* Validating Kubernetes identity matches a Node identity [Success]
* Validating access to Kube-API server through VPC IPs [Success]
* Validating kubelet server certificate [Success]
* Validating hybrid node network interface [Failed]
  └─ Error
     ├─ node IP 192.168.7.20 is not in any of the remote node networks [10.80.0.0/16]
     ├─ stderr
     │  └─ aws-iam-authenticator: cache hit
     └─ Remediation
        └─ Ensure the node IP is within the configured remote network CIDR blocks. Update the remote network configuration in the EKS cluster or adjust the node's network configuration. See https://docs.aws.amazon.com/eks/latest/userguide/hybrid-nodes-troubleshooting.html
* Validating active node status in Kubernetes cluster [Success]

Issues found during validation. Please follow the remediation advice above.`;

export const KUBELET_JOURNAL = `I1207 14:01:58.101234    2211 kubelet_node_status.go:76] "Attempting to register node" node="mi-0abc1234def567890"
E1207 14:02:11.512345    2211 kubelet_node_status.go:98] "Unable to register node with API server" err="Unauthorized" node="mi-0abc1234def567890"
W1207 14:02:12.000001    2211 reflector.go:561] failed to list *v1.Service: Unauthorized
I1207 14:02:13.000001    2211 kubelet.go:2410] "SyncLoop ADD" source="api" pods=[]
E1207 14:02:41.612345    2211 kubelet.go:2902] "Container runtime network not ready" networkReady="NetworkReady=false reason:NetworkPluginNotReady message:Network plugin returns error: cni plugin not initialized"`;

/** What the diagnostics script prints on that host, section by section. */
export function diagnosticsOutput(parts: Partial<Record<string, string>> = {}): string {
  const sections: Record<string, string> = {
    'nodeadm-debug': `${NODEADM_FAILING}\nexit=1`,
    services: 'kubelet=activating\ncontainerd=active\namazon-ssm-agent=active',
    'kubelet-journal': KUBELET_JOURNAL,
    pressure: [
      'Filesystem     1024-blocks     Used Available Capacity Mounted on',
      '/dev/sda1         30832548 28749168   2083380      88% /',
      '/dev/sda1         30832548 28749168   2083380      88% /',
      '/dev/sdb1        102687672 20123456  82564216      20% /var/lib/containerd',
      'MemTotal:        8039876 kB',
      'MemAvailable:      81234 kB',
    ].join('\n'),
    clock:
      'System time     : 2.417000000 seconds slow of NTP time\nLeap status     : Not synchronised\nntp-synchronized=no',
    versions: [
      'kernel=5.15.0-126-generic',
      'os=Ubuntu 22.04.5 LTS',
      'nodeadm=Version: v1.0.21',
      'containerd=containerd containerd.io 1.7.24 88bf19b2105c8b17560993bee28a01ddc2f97182',
    ].join('\n'),
    ...parts,
  };
  return Object.entries(sections)
    .map(([name, body]) => `\n${sectionMarker(name as never)}\n${body}`)
    .join('\n');
}
