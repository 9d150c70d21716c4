import semver from 'semver';
import { parse as parseToml, TomlError } from 'smol-toml';
import { containerdSourceProblem } from './host-os-rules';
import { kubeletConfigProblems, kubeletFlagProblems } from './kubelet-rules';
import { type ContainerdSource, HOST_OSES, type HostOs, type ProfileContext } from './profile';
import { type LocatedProblem, valueAt } from './profile-path';

const RFC_1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const KUBERNETES_MINOR = /^\d+\.\d+$/;
export const DESCRIPTION_MAX_LENGTH = 256;

/**
 * The profile's rules beyond its shape. Reads the input defensively: a field of the wrong type is
 * the schema's to report, and is skipped here.
 */
export function profileRuleProblems(input: unknown, ctx: ProfileContext): LocatedProblem[] {
  const at = (...segments: string[]) => valueAt(input, segments);
  return [
    ...nameProblems(at('metadata', 'name')),
    ...versionProblems(at('metadata', 'version')),
    ...descriptionProblems(at('metadata', 'description')),
    ...imageProblems(at('spec', 'os', 'mode'), at('spec', 'os', 'image')),
    ...supportedProblems(at('spec', 'os', 'supported')),
    ...kubernetesVersionProblems(at('spec', 'kubernetes', 'version'), ctx),
    ...containerdSourceProblems(at('spec', 'kubernetes', 'containerdSource'), at('spec', 'os', 'supported')),
    ...kubeletFlagProblems(at('spec', 'kubernetes', 'kubelet', 'flags'), [
      'spec',
      'kubernetes',
      'kubelet',
      'flags',
    ]),
    ...kubeletConfigProblems(
      at('spec', 'kubernetes', 'kubelet', 'config'),
      ['spec', 'kubernetes', 'kubelet', 'config'],
      kubernetesMinor(at('spec', 'kubernetes', 'version')),
    ),
    ...containerdTomlProblems(at('spec', 'kubernetes', 'containerd', 'config')),
  ];
}

function kubernetesMinor(version: unknown): string | undefined {
  return typeof version === 'string' && KUBERNETES_MINOR.test(version) ? version : undefined;
}

function nameProblems(name: unknown): LocatedProblem[] {
  if (typeof name !== 'string') return [];
  if (name.length > 63 || !RFC_1123_LABEL.test(name)) {
    return [
      {
        segments: ['metadata', 'name'],
        message: `metadata.name "${name}" is not a valid name: use up to 63 lowercase letters, digits and "-", starting and ending with a letter or digit, e.g. edge-standard.`,
      },
    ];
  }
  return [];
}

/** Strict SemVer: semver.valid alone also takes "v1.2.0" and "=1.2.0", which would not sort as written. */
export function isStrictSemver(version: string): boolean {
  return /^\d/.test(version) && version.trim() === version && semver.valid(version) !== null;
}

function versionProblems(version: unknown): LocatedProblem[] {
  if (typeof version !== 'string' || isStrictSemver(version)) return [];
  return [
    {
      segments: ['metadata', 'version'],
      message: `metadata.version "${version}" is not a SemVer version: write MAJOR.MINOR.PATCH, e.g. 1.2.0.`,
    },
  ];
}

function descriptionProblems(description: unknown): LocatedProblem[] {
  if (typeof description !== 'string' || description.length <= DESCRIPTION_MAX_LENGTH) return [];
  return [
    {
      segments: ['metadata', 'description'],
      message: `metadata.description is ${description.length} characters: keep it to ${DESCRIPTION_MAX_LENGTH}.`,
    },
  ];
}

function imageProblems(mode: unknown, image: unknown): LocatedProblem[] {
  const segments = ['spec', 'os', 'image'];
  const hasImage = typeof image === 'string' && image !== '';
  if (mode === 'appliance' && (image === undefined || image === '')) {
    return [
      {
        segments,
        message: 'spec.os.image is required in appliance mode: give the provider image reference.',
      },
    ];
  }
  if (mode === 'agent' && hasImage) {
    return [
      {
        segments,
        message: 'spec.os.image is only for appliance mode: remove it, or set spec.os.mode to appliance.',
      },
    ];
  }
  if (hasImage && /\s/.test(image)) {
    return [{ segments, message: 'spec.os.image has spaces: give the image reference alone.' }];
  }
  return [];
}

function supportedProblems(supported: unknown): LocatedProblem[] {
  if (!Array.isArray(supported)) return [];
  return supported.flatMap((os, index): LocatedProblem[] =>
    supported.indexOf(os) < index
      ? [
          {
            segments: ['spec', 'os', 'supported', index],
            message: `spec.os.supported lists ${String(os)} twice: remove one.`,
          },
        ]
      : [],
  );
}

function kubernetesVersionProblems(version: unknown, ctx: ProfileContext): LocatedProblem[] {
  if (typeof version !== 'string') return [];
  const segments = ['spec', 'kubernetes', 'version'];
  if (!KUBERNETES_MINOR.test(version)) {
    return [
      {
        segments,
        message: `spec.kubernetes.version "${version}" is not a Kubernetes minor: write it as "1.31".`,
      },
    ];
  }
  if (!ctx.kubernetesVersions.includes(version)) {
    return [
      {
        segments,
        message: `Kubernetes ${version} is not offered here: choose one of ${ctx.kubernetesVersions.join(', ')} (an admin can change kubernetesVersions in the bot's configuration).`,
      },
    ];
  }
  return [];
}

function containerdSourceProblems(source: unknown, supported: unknown): LocatedProblem[] {
  if (typeof source !== 'string' || !Array.isArray(supported)) return [];
  const known = supported.filter((os): os is HostOs => (HOST_OSES as readonly unknown[]).includes(os));
  const messages = [...new Set(known.map((os) => containerdSourceProblem(source as ContainerdSource, os)))];
  return messages
    .filter((m): m is string => m !== undefined)
    .map((message) => ({ segments: ['spec', 'kubernetes', 'containerdSource'], message }));
}

function containerdTomlProblems(config: unknown): LocatedProblem[] {
  if (typeof config !== 'string' || config === '') return [];
  try {
    parseToml(config);
    return [];
  } catch (error) {
    if (!(error instanceof TomlError)) throw error;
    const reason = error.message.split('\n', 1)[0]?.replace(/^Invalid TOML document: /, '') ?? 'invalid TOML';
    return [
      {
        segments: ['spec', 'kubernetes', 'containerd', 'config'],
        inner: { line: error.line, column: error.column },
        message: `spec.kubernetes.containerd.config is not valid TOML (${reason}, its line ${error.line}): fix the containerd configuration.`,
      },
    ];
  }
}

// Kept importable from here: pool code imported them from this file before they moved.
export { containerdSourceProblem, hostOsProblems, SSM_ONLY_OSES } from './host-os-rules';
