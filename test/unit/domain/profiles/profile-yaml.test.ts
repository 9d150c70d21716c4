import { parseProfileYaml } from '../../../../src/domain/profiles/parse-profile';
import { profileToYaml } from '../../../../src/domain/profiles/profile-yaml';
import { ctx, EDGE_STANDARD_YAML, edgeStandard } from './profile-fixtures';

describe('profileToYaml (export for Git)', () => {
  it('writes the canonical form: fixed key order, empty fields left out, kubelet config sorted', () => {
    expect(profileToYaml(edgeStandard())).toBe(`apiVersion: hybrid-bot.io/v1
kind: ClusterProfile
metadata:
  name: edge-standard
  version: 1.2.0
  description: stores, Ubuntu 22.04
spec:
  os:
    mode: agent
    supported:
      - ubuntu-22.04
      - ubuntu-24.04
      - rhel-9
  kubernetes:
    version: "1.31"
    containerdSource: docker
    kubelet:
      config:
        maxPods: 110
        shutdownGracePeriod: 30s
      flags:
        - --image-gc-high-threshold=80
`);
  });

  it('gives the same bytes whatever order the fields were built in', () => {
    const p = edgeStandard();
    const shuffled = {
      spec: {
        kubernetes: {
          kubelet: {
            flags: p.spec.kubernetes.kubelet?.flags,
            config: { shutdownGracePeriod: '30s', maxPods: 110 },
          },
          containerdSource: p.spec.kubernetes.containerdSource,
          version: p.spec.kubernetes.version,
        },
        os: { supported: p.spec.os.supported, mode: p.spec.os.mode },
      },
      metadata: { description: p.metadata.description, version: p.metadata.version, name: p.metadata.name },
      kind: p.kind,
      apiVersion: p.apiVersion,
    } as unknown as typeof p;
    expect(profileToYaml(shuffled)).toBe(profileToYaml(p));
  });

  it('writes containerd TOML as a literal block that reads back unchanged', () => {
    const p = edgeStandard();
    const toml =
      'version = 2\n\n[plugins."io.containerd.grpc.v1.cri".containerd]\n  discard_unpacked_layers = false\n';
    p.spec.kubernetes.containerd = { config: toml };
    const yaml = profileToYaml(p);
    expect(yaml).toContain('    containerd:\n      config: |\n        version = 2\n\n        [plugins.');
    const back = parseProfileYaml(yaml, ctx);
    expect(back.ok && back.profile.spec.kubernetes.containerd?.config).toBe(toml);
  });

  it('exports and imports to the same profile, and exports it again byte for byte', () => {
    const imported = parseProfileYaml(EDGE_STANDARD_YAML, ctx);
    if (!imported.ok) throw new Error(JSON.stringify(imported.problems));
    const exported = profileToYaml(imported.profile);
    const again = parseProfileYaml(exported, ctx);
    expect(again).toEqual(imported);
    expect(again.ok && profileToYaml(again.profile)).toBe(exported);
  });
});
