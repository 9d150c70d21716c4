import fc from 'fast-check';
import { stringify as tomlStringify } from 'smol-toml';
import { containerdSourceProblem } from '../../../../src/domain/profiles/host-os-rules';
import {
  KUBELET_CONFIG_FIELD_SINCE,
  KUBELET_CONFIG_FIELDS,
  KUBELET_CONFIG_OWNED,
  type KubeletFieldKind,
} from '../../../../src/domain/profiles/kubelet-config-fields';
import { compareKubernetesMinors } from '../../../../src/domain/profiles/kubernetes-minor';
import {
  type ClusterProfile,
  CONTAINERD_SOURCES,
  HOST_OSES,
  type HostOs,
} from '../../../../src/domain/profiles/profile';
import { ctx } from './profile-fixtures';

const word = fc.stringMatching(/^[a-z0-9]{1,8}$/);
const settingKeys = Object.keys(KUBELET_CONFIG_FIELDS).filter((f) => !(f in KUBELET_CONFIG_OWNED));
const ownedFlags = ['hostname-override', 'node-labels', 'register-with-taints'];

const text = fc.string({ unit: 'grapheme', maxLength: 20 });
const mapKey = fc.stringMatching(/^[A-Za-z0-9.]{1,12}$/);
const anyJson = fc.oneof(fc.integer(), fc.boolean(), text);

/** A value of the kind kubelet decodes for the field (its Go type). */
const valueOfKind: Record<KubeletFieldKind, fc.Arbitrary<unknown>> = {
  string: text,
  boolean: fc.boolean(),
  integer: fc.integer(),
  number: fc.double({ noNaN: true, noDefaultInfinity: true }),
  duration: fc.constantFrom('0', '30s', '1m30s', '1.5h', '250ms', '-2m'),
  'string-map': fc.dictionary(mapKey, text, { maxKeys: 3 }),
  'boolean-map': fc.dictionary(mapKey, fc.boolean(), { maxKeys: 3 }),
  'string-list': fc.array(text, { maxLength: 3 }),
  'integer-list': fc.array(fc.integer(), { maxLength: 3 }),
  list: fc.array(fc.dictionary(mapKey, anyJson, { maxKeys: 2 }), { maxLength: 2 }),
  mapping: fc.dictionary(mapKey, anyJson, { maxKeys: 3 }),
};

const kubeletConfig = fc
  .uniqueArray(fc.constantFrom(...settingKeys), { minLength: 1, maxLength: 5 })
  .chain((keys) =>
    fc.tuple(
      ...keys.map((key) =>
        valueOfKind[KUBELET_CONFIG_FIELDS[key] ?? 'string'].map((value) => [key, value] as const),
      ),
    ),
  )
  .map((entries): Record<string, unknown> => Object.fromEntries(entries));

const flag = fc
  .tuple(
    fc.array(word, { minLength: 1, maxLength: 3 }).map((parts) => parts.join('-')),
    fc.option(fc.string({ unit: 'grapheme', maxLength: 20 }), { nil: undefined }),
  )
  .filter(([name]) => !ownedFlags.includes(name))
  .map(([name, value]) => (value === undefined ? `--${name}` : `--${name}=${value}`));

const toml = fc
  .dictionary(
    fc.stringMatching(/^[a-z_]{1,10}$/),
    fc.oneof(fc.integer(), fc.boolean(), fc.string({ maxLength: 10 })),
    {
      minKeys: 1,
      maxKeys: 4,
    },
  )
  .map((table) => tomlStringify({ version: 2, plugins: { example: table } }));

/** Any profile the rules accept, in canonical form (no empty optional fields). */
export const validProfile: fc.Arbitrary<ClusterProfile> = fc
  .record({
    name: fc.stringMatching(/^[a-z0-9]([-a-z0-9]{0,20}[a-z0-9])?$/),
    version: fc
      .tuple(
        fc.nat(30),
        fc.nat(30),
        fc.nat(30),
        fc.option(fc.stringMatching(/^(rc|beta)\.[1-9][0-9]?$/), { nil: undefined }),
      )
      .map(([a, b, c, pre]) => `${a}.${b}.${c}${pre ? `-${pre}` : ''}`),
    description: fc.option(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 60 }), { nil: undefined }),
    image: fc.option(fc.stringMatching(/^[a-z0-9][a-z0-9./:@-]{0,40}$/), { nil: undefined }),
    supported: fc.option(fc.uniqueArray(fc.constantFrom(...HOST_OSES), { minLength: 1 }), { nil: undefined }),
    kubernetesVersion: fc.constantFrom(...ctx.kubernetesVersions),
    sourcePick: fc.nat(),
    config: fc.option(kubeletConfig, { nil: undefined }),
    flags: fc.option(
      fc.uniqueArray(flag, { minLength: 1, maxLength: 4, selector: (f) => f.split('=', 1)[0] }),
      {
        nil: undefined,
      },
    ),
    containerd: fc.option(toml, { nil: undefined }),
  })
  .map((r): ClusterProfile => {
    const sources = CONTAINERD_SOURCES.filter((s) =>
      (r.supported ?? []).every((os: HostOs) => containerdSourceProblem(s, os) === undefined),
    );
    // Only fields the profile's kubelet knows.
    const config = Object.fromEntries(
      Object.entries(r.config ?? {}).filter(([field]) => {
        const since = KUBELET_CONFIG_FIELD_SINCE[field];
        return since === undefined || compareKubernetesMinors(r.kubernetesVersion, since) >= 0;
      }),
    );
    const kubelet = {
      ...(Object.keys(config).length > 0 ? { config } : {}),
      ...(r.flags ? { flags: r.flags } : {}),
    };
    return {
      apiVersion: 'hybrid-bot.io/v1',
      kind: 'ClusterProfile',
      metadata: {
        name: r.name,
        version: r.version,
        ...(r.description ? { description: r.description } : {}),
      },
      spec: {
        os: {
          ...(r.image ? { mode: 'appliance' as const, image: r.image } : { mode: 'agent' as const }),
          ...(r.supported ? { supported: r.supported } : {}),
        },
        kubernetes: {
          version: r.kubernetesVersion,
          // "none" is valid everywhere, so the list is never empty.
          containerdSource: sources[r.sourcePick % sources.length] ?? 'none',
          ...(Object.keys(kubelet).length > 0 ? { kubelet } : {}),
          ...(r.containerd ? { containerd: { config: r.containerd } } : {}),
        },
      },
    };
  });

/** Pool labels and taints that kubelet accepts. */
export const poolLabels = fc.dictionary(
  word.map((w) => `hybrid-bot.io/${w}`),
  fc.stringMatching(/^([a-z0-9]([a-z0-9._-]{0,10}[a-z0-9])?)?$/),
  { maxKeys: 3 },
);
export const poolTaints = fc.array(
  fc
    .tuple(
      word,
      fc.option(word, { nil: undefined }),
      fc.constantFrom('NoSchedule', 'PreferNoSchedule', 'NoExecute'),
    )
    .map(([key, value, effect]) => `${key}${value === undefined ? '' : `=${value}`}:${effect}`),
  { maxLength: 2 },
);
