import { writeFileSync } from 'node:fs';
import { stringify } from 'yaml';

export interface KubeconfigCluster {
  name: string;
  region: string;
  endpoint: string;
  caPem: string;
}

export interface KubeconfigCredentials {
  accessKeyId: string;
  secretAccessKey: string;
}

/**
 * A kubeconfig with one context per cluster, named after it, whose user gets tokens from
 * `aws eks get-token` as on a real EKS workstation. With `credentials` (the simulator's own keys) the
 * exec plugin runs with them, so `kubectl --kubeconfig FILE` works as written, whatever AWS keys the
 * shell holds.
 */
export function kubeconfigYaml(clusters: KubeconfigCluster[], credentials?: KubeconfigCredentials): string {
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    preferences: {},
    clusters: clusters.map((c) => ({
      name: c.name,
      cluster: { server: c.endpoint, 'certificate-authority-data': Buffer.from(c.caPem).toString('base64') },
    })),
    users: clusters.map((c) => ({
      name: c.name,
      user: {
        exec: {
          apiVersion: 'client.authentication.k8s.io/v1beta1',
          command: 'aws',
          args: ['--region', c.region, 'eks', 'get-token', '--cluster-name', c.name, '--output', 'json'],
          // get-token presigns locally; the simulator checks the signature, not where the URL points.
          env: credentials
            ? [
                { name: 'AWS_ACCESS_KEY_ID', value: credentials.accessKeyId },
                { name: 'AWS_SECRET_ACCESS_KEY', value: credentials.secretAccessKey },
              ]
            : null,
          interactiveMode: 'Never',
          provideClusterInfo: false,
        },
      },
    })),
    contexts: clusters.map((c) => ({ name: c.name, context: { cluster: c.name, user: c.name } })),
    'current-context': clusters[0]?.name ?? '',
  });
}

export function writeKubeconfig(
  path: string,
  clusters: KubeconfigCluster[],
  credentials?: KubeconfigCredentials,
): void {
  writeFileSync(path, kubeconfigYaml(clusters, credentials), { mode: 0o600 });
}
