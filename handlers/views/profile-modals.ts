import semver from 'semver';
import { unknownProfileText } from '../../src/blocks/profiles/profile-messages';
import {
  importModal,
  kubeletYaml,
  profileModal,
  TEXT_INPUT_MAX,
} from '../../src/blocks/profiles/profile-modal';
import { latestVersion, starterProfile } from '../../src/domain/profiles';
import type { HandlerDeps } from '../handler-deps';

export type ProfileModalDecision = { view: Record<string, unknown> } | { refusal: string } | undefined;

/**
 * `/hybrid profile create` alone and `/hybrid profile import` open their forms; `/hybrid profile edit
 * <name>` opens the form with the latest version and the proposed next version. The trigger_id is
 * valid for 3 s, so the form is built here from one Redis read rather than in a job.
 */
export async function profileModalForCommand(
  name: string,
  positionals: Record<string, string>,
  options: Record<string, string | boolean>,
  deps: Pick<HandlerDeps, 'profiles'>,
  channel: string,
): Promise<ProfileModalDecision> {
  const { kubernetesVersions, store } = deps.profiles;
  if (name === 'profile import') return { view: importModal(channel) };
  if (name === 'profile create') {
    if (Object.keys(positionals).length > 0 || Object.keys(options).length > 0) return undefined;
    const initial = starterProfile('', { kubernetesVersions });
    return { view: profileModal({ kubernetesVersions, metadata: { channel, mode: 'create' }, initial }) };
  }
  if (name !== 'profile edit') return undefined;
  const profileName = positionals.name ?? '';
  const versions = await store.versions(profileName);
  const latest = latestVersion(versions.map((v) => v.version));
  const current = versions.find((v) => v.version === latest)?.profile;
  if (!current) return { refusal: unknownProfileText(profileName, await store.names()) };
  const longest = Math.max(
    kubeletYaml(current).length,
    current.spec.kubernetes.containerd?.config?.length ?? 0,
  );
  if (longest > TEXT_INPUT_MAX) {
    // Slack refuses a form whose box starts with more than it takes: the file round trip has no limit.
    return {
      refusal: `${current.metadata.name}@${current.metadata.version} has settings longer than a form box takes (${TEXT_INPUT_MAX} characters): \`/hybrid profile export ${current.metadata.name}\`, edit the file, raise its version and \`/hybrid profile import\` it.`,
    };
  }
  // Nothing is edited yet: the next patch; submitted unchanged, the form proposes again from the edit.
  const proposed = semver.inc(current.metadata.version, 'patch') ?? current.metadata.version;
  return {
    view: profileModal({
      kubernetesVersions,
      metadata: { channel, mode: 'edit', from: current.metadata.version, proposed },
      initial: current,
      version: proposed,
    }),
  };
}
