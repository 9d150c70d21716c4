import { validateProfile } from '../../../../src/domain/profiles/validate-profile';
import { ctx, edgeStandard, editable } from './profile-fixtures';

/** The problems for one broken profile, as path → message. */
function problemsOf(input: unknown) {
  const result = validateProfile(input, ctx);
  if (result.ok) throw new Error('expected problems, the profile was accepted');
  return result.problems;
}

describe('validateProfile (a profile built in a modal or read from the store)', () => {
  it('accepts a valid profile and returns it in canonical form', () => {
    const input = editable();
    input.spec.os.image = '';
    input.spec.kubernetes.containerd = { config: '' };
    input.spec.kubernetes.kubelet.flags = ['--image-gc-high-threshold=80'];
    expect(validateProfile(input, ctx)).toEqual({ ok: true, profile: edgeStandard() });
  });

  it('drops empty optional fields, so an empty kubelet section and an absent one are the same', () => {
    const input = editable();
    input.spec.kubernetes.kubelet = { config: {}, flags: [] };
    input.metadata.description = '';
    input.spec.os.supported = [];
    const result = validateProfile(input, ctx);
    expect(result.ok && result.profile.spec.kubernetes.kubelet).toBeUndefined();
    expect(result.ok && result.profile.metadata).toEqual({ name: 'edge-standard', version: '1.2.0' });
    expect(result.ok && result.profile.spec.os).toEqual({ mode: 'agent' });
  });

  it('names a profile only with an RFC 1123 label', () => {
    for (const name of ['Edge', 'edge_standard', '-edge', 'edge-', 'a'.repeat(64)]) {
      const input = editable();
      input.metadata.name = name;
      expect(problemsOf(input)).toEqual([
        {
          path: 'metadata.name',
          message: expect.stringMatching(/is not a valid name: use up to 63 lowercase/),
        },
      ]);
    }
    const input = editable();
    input.metadata.name = 'a'.repeat(63);
    expect(validateProfile(input, ctx).ok).toBe(true);
  });

  it('versions a profile with strict SemVer', () => {
    for (const version of ['1.2', 'v1.2.0', '=1.2.0', '1.2.0 ', '01.2.0', 'latest']) {
      const input = editable();
      input.metadata.version = version;
      expect(problemsOf(input)).toEqual([
        {
          path: 'metadata.version',
          message: expect.stringMatching(/is not a SemVer version: write MAJOR.MINOR.PATCH/),
        },
      ]);
    }
    for (const version of ['0.0.1', '2.0.0-rc.1', '1.0.0+build.5']) {
      const input = editable();
      input.metadata.version = version;
      expect(validateProfile(input, ctx).ok).toBe(true);
    }
  });

  it('takes only a Kubernetes version the bot is configured to offer', () => {
    const input = editable();
    input.spec.kubernetes.version = '1.28';
    expect(problemsOf(input)).toEqual([
      {
        path: 'spec.kubernetes.version',
        message:
          "Kubernetes 1.28 is not offered here: choose one of 1.29, 1.30, 1.31, 1.32, 1.33, 1.34, 1.35 (an admin can change kubernetesVersions in the bot's configuration).",
      },
    ]);
    input.spec.kubernetes.version = '1.31.2';
    expect(problemsOf(input)).toEqual([
      {
        path: 'spec.kubernetes.version',
        message: expect.stringMatching(/is not a Kubernetes minor: write it as "1.31"/),
      },
    ]);
  });

  it('tells a version written as a number to quote it', () => {
    const input = editable();
    input.spec.kubernetes.version = 1.3;
    expect(problemsOf(input)).toEqual([
      { path: 'spec.kubernetes.version', message: expect.stringMatching(/must be text: write it in quotes/) },
    ]);
  });

  it('refuses containerd from the distro on RHEL and from Docker on AL2023', () => {
    const rhel = editable();
    rhel.spec.kubernetes.containerdSource = 'distro';
    expect(problemsOf(rhel)).toEqual([
      {
        path: 'spec.kubernetes.containerdSource',
        message: 'containerdSource distro is not available on RHEL (rhel-9): use docker or none.',
      },
    ]);
    const al2023 = editable();
    al2023.spec.os.supported = ['al2023'];
    expect(problemsOf(al2023)).toEqual([
      {
        path: 'spec.kubernetes.containerdSource',
        message: 'containerdSource docker is not available on AL2023: use distro or none.',
      },
    ]);
    al2023.spec.kubernetes.containerdSource = 'none';
    expect(validateProfile(al2023, ctx).ok).toBe(true);
  });

  it('needs an image in appliance mode and refuses one in agent mode', () => {
    const appliance = editable();
    appliance.spec.os.mode = 'appliance';
    expect(problemsOf(appliance)).toEqual([
      {
        path: 'spec.os.image',
        message: expect.stringMatching(/required in appliance mode: give the provider image/),
      },
    ]);
    appliance.spec.os.image = 'registry.example.com/edge/ubuntu-22.04-k8s:1.31.2';
    expect(validateProfile(appliance, ctx).ok).toBe(true);
    const agent = editable();
    agent.spec.os.image = 'registry.example.com/edge/ubuntu:22.04';
    expect(problemsOf(agent)).toEqual([
      { path: 'spec.os.image', message: expect.stringMatching(/only for appliance mode: remove it/) },
    ]);
  });

  it('knows the host OSes nodeadm runs on and suggests the nearest', () => {
    const input = editable();
    input.spec.os.supported = ['ubuntu-22.04', 'bottlerocket', 'ubuntu-2404', 'ubuntu-22.04'];
    expect(problemsOf(input)).toEqual([
      {
        path: 'spec.os.supported[1]',
        message: expect.stringMatching(
          /^spec.os.supported\[1\] is bottlerocket: use one of ubuntu-20.04, .*al2023\.$/,
        ),
      },
      { path: 'spec.os.supported[2]', message: expect.stringMatching(/Did you mean "ubuntu-24.04"\?$/) },
      { path: 'spec.os.supported[3]', message: 'spec.os.supported lists ubuntu-22.04 twice: remove one.' },
    ]);
  });

  it.each([
    ['--hostname-override=edge-1', /nodeadm names the node itself/],
    ['--node-labels=site=store-12', /pools own labels/],
    ['--register-with-taints=dedicated=pos:NoSchedule', /pools own taints/],
    ['--node-labels', /pools own labels/],
  ])('refuses the kubelet flag %s, which the pool or nodeadm owns', (flag, reason) => {
    const input = editable();
    input.spec.kubernetes.kubelet.flags = ['--v=2', flag];
    expect(problemsOf(input)).toEqual([
      { path: 'spec.kubernetes.kubelet.flags[1]', message: expect.stringMatching(reason) },
    ]);
  });

  it.each(['maxPods=110', '-v=2', '--', '--Image-GC=1', 'image-gc-high-threshold=80', '--max pods=1'])(
    'refuses "%s", which is not --name[=value]',
    (flag) => {
      const input = editable();
      input.spec.kubernetes.kubelet.flags = [flag];
      expect(problemsOf(input)).toEqual([
        {
          path: 'spec.kubernetes.kubelet.flags[0]',
          message: expect.stringMatching(/is not a kubelet flag: write --name or --name=value/),
        },
      ]);
    },
  );

  it('refuses a kubelet flag given twice (kubelet would keep only the last)', () => {
    const input = editable();
    input.spec.kubernetes.kubelet.flags = ['--v=2', '--image-gc-high-threshold=80', '--v=4'];
    expect(problemsOf(input)).toEqual([
      {
        path: 'spec.kubernetes.kubelet.flags[2]',
        message: 'kubelet flag --v is already set at flags[0]: keep one.',
      },
    ]);
  });

  it('accepts kubelet flags with and without values', () => {
    const input = editable();
    input.spec.kubernetes.kubelet.flags = [
      '--v=2',
      '--fail-swap-on',
      '--eviction-hard=memory.available<200Mi',
    ];
    expect(validateProfile(input, ctx).ok).toBe(true);
  });

  it('names a misspelt KubeletConfiguration field and suggests the real one', () => {
    const input = editable();
    input.spec.kubernetes.kubelet.config = {
      maxPod: 58,
      evictionhard: {},
      shutdownGracePeriod: '30s',
      frobnicate: 1,
    };
    expect(problemsOf(input)).toEqual([
      {
        path: 'spec.kubernetes.kubelet.config.maxPod',
        message:
          'kubelet config has no field "maxPod" (KubeletConfiguration v1beta1): kubelet would ignore it. Did you mean "maxPods"?',
      },
      {
        path: 'spec.kubernetes.kubelet.config.evictionhard',
        message: expect.stringMatching(/Did you mean "evictionHard"\?$/),
      },
      {
        path: 'spec.kubernetes.kubelet.config.frobnicate',
        message: expect.stringMatching(/would ignore it\.$/),
      },
    ]);
  });

  it.each<[string, unknown, RegExp]>([
    ['maxPods', '110', /maxPods must be a whole number, found string "110"/],
    ['maxPods', 1.5, /maxPods must be a whole number/],
    [
      'shutdownGracePeriod',
      30,
      /shutdownGracePeriod must be a duration such as 30s or 1m30s, found number 30/,
    ],
    ['shutdownGracePeriod', '30 seconds', /must be a duration/],
    [
      'systemReserved',
      { cpu: 1 },
      /systemReserved must be a mapping of text values \(quote numbers, e.g. cpu: "1"\), found cpu: 1/,
    ],
    ['featureGates', { GracefulNodeShutdown: 'yes' }, /featureGates must be a mapping of true\/false values/],
    ['failSwapOn', 'false', /failSwapOn must be true or false/],
    ['clusterDNS', '10.100.0.10', /clusterDNS must be a list of text/],
    ['authentication', [], /authentication must be a mapping/],
  ])('refuses kubelet config %s: %j, a value kubelet cannot decode', (field, value, message) => {
    const input = editable();
    input.spec.kubernetes.kubelet.config = { [field]: value };
    expect(problemsOf(input)).toEqual([
      {
        path: `spec.kubernetes.kubelet.config.${field}`,
        message: expect.stringMatching(
          new RegExp(`${message.source}.*: kubelet would refuse to start with it\\.$`),
        ),
      },
    ]);
  });

  it('accepts kubelet config values of the types kubelet decodes', () => {
    const input = editable();
    input.spec.kubernetes.kubelet.config = {
      maxPods: 58,
      shutdownGracePeriod: '1m30s',
      shutdownGracePeriodCriticalPods: '0',
      evictionHard: { 'memory.available': '200Mi', 'nodefs.available': '10%' },
      featureGates: { GracefulNodeShutdown: true },
      memoryThrottlingFactor: 0.9,
      clusterDNS: ['10.100.0.10'],
      authentication: { webhook: { enabled: true } },
    };
    expect(validateProfile(input, ctx).ok).toBe(true);
  });

  it('names a kubelet config field newer than the profile Kubernetes version', () => {
    const input = editable();
    input.spec.kubernetes.kubelet.config = { maxPods: 58, userNamespaces: {} };
    expect(problemsOf(input)).toEqual([
      {
        path: 'spec.kubernetes.kubelet.config.userNamespaces',
        message:
          'kubelet config userNamespaces exists from Kubernetes 1.33; the kubelet of this profile (1.31) does not know it: remove it, or move the profile to 1.33 or later.',
      },
    ]);
    input.spec.kubernetes.version = '1.33';
    expect(validateProfile(input, ctx).ok).toBe(true);
  });

  it('does not mistake Object.prototype names for KubeletConfiguration fields', () => {
    const input = editable();
    input.spec.kubernetes.kubelet.config = JSON.parse(
      '{"constructor": 1, "__proto__": {"maxPods": 1}, "toString": "x"}',
    );
    expect(problemsOf(input)).toEqual(
      ['constructor', '__proto__', 'toString'].map((field) => ({
        path: `spec.kubernetes.kubelet.config.${field}`,
        message: expect.stringMatching(new RegExp(`^kubelet config has no field "${field}"`)),
      })),
    );
  });

  it('keeps taints and the provider ID out of the kubelet config', () => {
    const input = editable();
    input.spec.kubernetes.kubelet.config = { registerWithTaints: [], providerID: 'x' };
    expect(problemsOf(input)).toEqual([
      {
        path: 'spec.kubernetes.kubelet.config.registerWithTaints',
        message: expect.stringMatching(/pools own taints/),
      },
      {
        path: 'spec.kubernetes.kubelet.config.providerID',
        message: expect.stringMatching(/nodeadm sets the provider ID/),
      },
    ]);
  });

  it('checks the containerd TOML parses', () => {
    const input = editable();
    input.spec.kubernetes.containerd = { config: 'version = 2\n[plugins."io.containerd.grpc.v1.cri"\n' };
    expect(problemsOf(input)).toEqual([
      {
        path: 'spec.kubernetes.containerd.config',
        message: expect.stringMatching(
          /^spec.kubernetes.containerd.config is not valid TOML \(.*, its line 2\): fix/,
        ),
      },
    ]);
    input.spec.kubernetes.containerd = {
      config:
        'version = 2\n[plugins."io.containerd.grpc.v1.cri".containerd]\ndiscard_unpacked_layers = false\n',
    };
    expect(validateProfile(input, ctx).ok).toBe(true);
  });

  it('reports unknown fields with the nearest known name, and wrong types in words', () => {
    const input = editable();
    input.spec.kubernetes.containerdSourse = 'docker';
    delete input.spec.kubernetes.containerdSource;
    input.spec.kubernetes.kubelet.flags = '--v=2';
    input.apiVersion = 'hybrid-bot.io/v2';
    expect(problemsOf(input)).toEqual(
      expect.arrayContaining([
        { path: 'apiVersion', message: 'apiVersion is hybrid-bot.io/v2: use hybrid-bot.io/v1.' },
        {
          path: 'spec.kubernetes.containerdSource',
          message: 'spec.kubernetes.containerdSource is required: write distro, docker or none.',
        },
        {
          path: 'spec.kubernetes.kubelet.flags',
          message: 'spec.kubernetes.kubelet.flags must be a list, found string "--v=2".',
        },
        {
          path: 'spec.kubernetes.containerdSourse',
          message:
            'spec.kubernetes.containerdSourse is not a profile field: remove it. Did you mean "containerdSource"?',
        },
      ]),
    );
    expect(problemsOf(input)).toHaveLength(4);
  });

  it('reports every problem at once', () => {
    const input = editable();
    input.metadata.name = 'Bad';
    input.metadata.version = '1';
    input.spec.kubernetes.version = '1.20';
    input.spec.kubernetes.kubelet.flags = ['--node-labels=a=b'];
    expect(problemsOf(input).map((p) => p.path)).toEqual([
      'metadata.name',
      'metadata.version',
      'spec.kubernetes.version',
      'spec.kubernetes.kubelet.flags[0]',
    ]);
  });

  it('says what a profile is when given something else', () => {
    expect(problemsOf(undefined)).toEqual([
      {
        path: '',
        message: 'The profile is empty: write a ClusterProfile with apiVersion, kind, metadata and spec.',
      },
    ]);
    expect(problemsOf(['x'])).toEqual([
      {
        path: '',
        message: 'The profile must be a YAML mapping (apiVersion, kind, metadata, spec), found a list.',
      },
    ]);
  });
});
