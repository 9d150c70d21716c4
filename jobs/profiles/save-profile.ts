import semver from 'semver';
import {
  nothingChangedMessage,
  problemsMessage,
  profileAlreadySavedMessage,
  profileSavedMessage,
  versionTakenText,
} from '../../src/blocks/profiles/profile-messages';
import {
  type ClusterProfile,
  isSameContent,
  latestVersion,
  parseProfileYaml,
  proposeNextVersion,
  starterProfile,
  validateProfile,
} from '../../src/domain/profiles';
import { BotError, ErrorCode } from '../../src/errors';
import type { RequestContext } from '../../src/job-data';
import { replyTo } from '../../src/ports';
import type { CommandDeps, CommandProcessor } from '../job-context';
import { ReportedFailure } from '../reported-failure';

type How = 'created' | 'imported' | 'saved';

/** Saves one version (atomically, with its audit entry) and tells the requester how it went. */
async function saveProfile(
  deps: CommandDeps,
  request: RequestContext,
  profile: ClusterProfile,
  how: How,
  jobId: string | undefined,
): Promise<{ outcome: string }> {
  const { name, version } = profile.metadata;
  const command = { created: 'profile create', imported: 'profile import', saved: 'profile edit' }[how];
  // A new version that says what the latest says would be a version with nothing in it. The same
  // version again, created or imported, is the store's to answer ("already saved").
  const versions = await deps.stores.profiles.versions(name);
  const latest = versions.find((v) => v.version === latestVersion(versions.map((x) => x.version)));
  const renumbered = how === 'saved' || latest?.version !== version;
  if (latest && renumbered && isSameContent(latest.profile, profile)) {
    await deps.outbox.send(replyTo(request, nothingChangedMessage(name, latest.version)), {
      jobId: `reply-${jobId}`,
    });
    return { outcome: 'nothing changed' };
  }
  const result = await deps.stores.profiles.save(
    { name, version, profile, savedBy: request.user, savedAt: deps.clock.now() },
    {
      at: deps.clock.now(),
      user: request.user,
      channel: request.channel,
      command: `/hybrid ${command} ${name}@${version}`,
      outcome: 'profile saved',
      detail: `Kubernetes ${profile.spec.kubernetes.version}, OS ${profile.spec.os.mode}`,
    },
  );
  if (result.outcome === 'conflict') {
    const versions = (await deps.stores.profiles.versions(name)).map((v) => v.version);
    const latest = await deps.stores.profiles.get(name, latestVersion(versions) ?? version);
    const free = latest
      ? (proposeNextVersion(latest.profile, profile) ?? semver.inc(latest.version, 'patch') ?? version)
      : version;
    throw new BotError(ErrorCode.Conflict, versionTakenText(version, free));
  }
  const message =
    result.outcome === 'unchanged'
      ? profileAlreadySavedMessage(name, version)
      : profileSavedMessage(profile, how);
  await deps.outbox.send(replyTo(request, message), { jobId: `reply-${jobId}` });
  return result;
}

const ctx = (deps: CommandDeps) => ({ kubernetesVersions: deps.config.kubernetesVersions });

/** A profile the form checked: checked again here, as the configuration may differ between processes. */
function checkedForm(deps: CommandDeps, form: string): ClusterProfile {
  const result = validateProfile(JSON.parse(form), ctx(deps));
  if (!result.ok) {
    throw new BotError(ErrorCode.Validation, result.problems.map((p) => p.message).join('\n'));
  }
  return result.profile;
}

/** `/hybrid profile create <name> --k8s 1.31 [--version] [--os] [--image]`, or the form's profile. */
export const createProfile: CommandProcessor<'profile create'> = async (job, deps) => {
  const { request, options, positionals } = job.data;
  if (typeof options.form === 'string') {
    return saveProfile(deps, request, checkedForm(deps, options.form), 'created', job.id);
  }
  if (!positionals.name) {
    throw new BotError(
      ErrorCode.Validation,
      'Give the profile a name, or type `/hybrid profile create` alone for the form.',
    );
  }
  if (!options.k8s) {
    throw new BotError(
      ErrorCode.Validation,
      `Say which Kubernetes version: --k8s ${deps.config.kubernetesVersions.at(-1) ?? '1.31'} (offered: ${deps.config.kubernetesVersions.join(', ')}).`,
    );
  }
  const image = options.image;
  const starter = starterProfile(positionals.name, ctx(deps));
  const input = {
    ...starter,
    metadata: { name: positionals.name, version: options.version ?? starter.metadata.version },
    spec: {
      os: { ...starter.spec.os, mode: options.os ?? starter.spec.os.mode, ...(image ? { image } : {}) },
      kubernetes: { ...starter.spec.kubernetes, version: options.k8s },
    },
  };
  const result = validateProfile(input, ctx(deps));
  if (!result.ok) {
    await deps.outbox.send(
      replyTo(request, problemsMessage(`Profile ${positionals.name}`, result.problems)),
      {
        jobId: `reply-${job.id}`,
      },
    );
    throw new ReportedFailure(`${result.problems.length} problems in the profile`);
  }
  return saveProfile(deps, request, result.profile, 'created', job.id);
};

/** The edit form's profile: a new version when it says something new, else "nothing changed" (saveProfile). */
export const editProfile: CommandProcessor<'profile edit'> = async (job, deps) => {
  const { request, options } = job.data;
  if (typeof options.form !== 'string') {
    throw new BotError(ErrorCode.Validation, 'Type `/hybrid profile edit <name>` to open the form.');
  }
  return saveProfile(deps, request, checkedForm(deps, options.form), 'saved', job.id);
};

/** The import form: pasted YAML (already checked by the form) or a shared file, read here. */
export const importProfile: CommandProcessor<'profile import'> = async (job, deps) => {
  const { request, options } = job.data;
  const text =
    typeof options.yaml === 'string'
      ? options.yaml
      : await deps.slack.downloadFile(String(options.fileUrl ?? ''));
  const parsed = parseProfileYaml(text, ctx(deps));
  if (!parsed.ok) {
    await deps.outbox.send(replyTo(request, problemsMessage('The profile file', parsed.problems)), {
      jobId: `reply-${job.id}`,
    });
    throw new ReportedFailure(`${parsed.problems.length} problems in the profile file`);
  }
  return saveProfile(deps, request, parsed.profile, 'imported', job.id);
};
