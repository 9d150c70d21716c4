import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import semver from 'semver';
import { commandIntake } from '../../src/adapters/queue/intake';
import { fingerprintOf } from '../../src/adapters/redis/profile-store';
import { INPUT_ACTION } from '../../src/blocks/hosts/register-modal';
import { problemLines, versionTakenText } from '../../src/blocks/profiles/profile-messages';
import {
  IMPORT_FILE_BLOCK,
  IMPORT_YAML_BLOCK,
  PROFILE_BLOCKS,
  type ProfileFormMetadata,
} from '../../src/blocks/profiles/profile-modal';
import { commandJob } from '../../src/command-job';
import { type CommandJobs, specOf } from '../../src/domain/commands';
import {
  type ClusterProfile,
  latestVersion,
  parseProfileYaml,
  proposeNextVersion,
  validateProfile,
} from '../../src/domain/profiles';
import { hasRole, roleOfUser } from '../authorize';
import type { HandlerDeps } from '../handler-deps';
import { requestIdOf } from '../request-id';
import { acceptForm, FORM_NOT_TAKEN } from './accept-form';
import { errorsByBlock, profileInputOf } from './profile-form';
import type { StateValues } from './view-values';

type Args = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

/** The profile forms save as `profile create`, `edit` and `import` do: one role for the three. */
const { role: SAVE_ROLE } = specOf('profile create');
const NEEDS_ROLE = `Saving profiles needs the ${SAVE_ROLE} role.`;

/**
 * The profile form (create and edit): every field is checked here, problems shown under their
 * fields, and nothing is stored while any is wrong; a valid profile is saved by a job.
 */
export function profileFormSubmit(deps: HandlerDeps) {
  return async ({ ack, body, view }: Args): Promise<void> => {
    const user = body.user.id;
    if (!hasRole(await roleOfUser(user, deps), SAVE_ROLE)) {
      return void (await ack({
        response_action: 'errors',
        errors: { [PROFILE_BLOCKS.name]: NEEDS_ROLE },
      }));
    }
    const metadata = readMetadata(view.private_metadata);
    const { input, errors } = profileInputOf(view.state.values as StateValues);
    const result = validateProfile(input, { kubernetesVersions: deps.profiles.kubernetesVersions });
    if (!result.ok || Object.keys(errors).length > 0) {
      const problems = result.ok ? [] : result.problems;
      return void (await ack({ response_action: 'errors', errors: errorsByBlock(problems, errors) }));
    }
    let profile = result.profile;
    if (metadata.mode === 'edit' && metadata.proposed === profile.metadata.version) {
      // The version field still holds what the form proposed: propose again from what was edited.
      profile = await withProposedVersion(deps, profile);
    }
    const taken = await versionTaken(deps, profile);
    if (taken)
      return void (await ack({ response_action: 'errors', errors: { [PROFILE_BLOCKS.version]: taken } }));
    const form = JSON.stringify(profile);
    const accepted =
      metadata.mode === 'edit'
        ? await accept(
            deps,
            body,
            view.id,
            'profile edit',
            { positionals: { name: profile.metadata.name }, options: { form } },
            profile,
          )
        : await accept(
            deps,
            body,
            view.id,
            'profile create',
            { positionals: {}, options: { form } },
            profile,
          );
    if (!accepted) {
      return void (await ack({
        response_action: 'errors',
        errors: { [PROFILE_BLOCKS.name]: FORM_NOT_TAKEN },
      }));
    }
    await ack();
  };
}

/**
 * The import form: pasted YAML is read here and every problem named with its line under the box;
 * a shared file is downloaded and read by the job, which answers the same way.
 */
export function profileImportSubmit(deps: HandlerDeps) {
  return async ({ ack, body, view }: Args): Promise<void> => {
    const user = body.user.id;
    const values = view.state.values as StateValues;
    const error = (message: string) =>
      ack({ response_action: 'errors', errors: { [IMPORT_YAML_BLOCK]: message.slice(0, 2000) } });
    if (!hasRole(await roleOfUser(user, deps), SAVE_ROLE)) return void (await error(NEEDS_ROLE));
    const pasted = fieldText(values);
    const yaml = pasted.trim() ? pasted : '';
    const files = (
      values[IMPORT_FILE_BLOCK]?.[INPUT_ACTION] as
        | { files?: { url_private_download?: string; url_private?: string }[] }
        | undefined
    )?.files;
    const fileUrl = files?.[0]?.url_private_download ?? files?.[0]?.url_private;
    if (!yaml && !fileUrl)
      return void (await error('Paste the profile here, or attach its YAML file below.'));
    let profile: ClusterProfile | undefined;
    if (yaml) {
      const parsed = parseProfileYaml(yaml, { kubernetesVersions: deps.profiles.kubernetesVersions });
      if (!parsed.ok) return void (await error(problemLines(parsed.problems).join('\n')));
      profile = parsed.profile;
      const taken = await versionTaken(deps, profile);
      if (taken) return void (await error(taken));
    }
    const options = yaml ? { yaml } : { fileUrl: fileUrl ?? '' };
    if (!(await accept(deps, body, view.id, 'profile import', { positionals: {}, options }, profile))) {
      return void (await error(FORM_NOT_TAKEN));
    }
    await ack();
  };
}

/** The pasted text as typed (not trimmed: line numbers must match what the user sees). */
function fieldText(values: StateValues): string {
  const value = values[IMPORT_YAML_BLOCK]?.[INPUT_ACTION]?.value;
  return typeof value === 'string' ? value : '';
}

function readMetadata(raw: string): ProfileFormMetadata {
  try {
    return JSON.parse(raw) as ProfileFormMetadata;
  } catch {
    return { channel: '', mode: 'create' };
  }
}

async function withProposedVersion(deps: HandlerDeps, edited: ClusterProfile): Promise<ClusterProfile> {
  const versions = await deps.profiles.store.versions(edited.metadata.name);
  const latest = latestVersion(versions.map((v) => v.version));
  const previous = versions.find((v) => v.version === latest)?.profile;
  const proposed = previous && proposeNextVersion(previous, edited);
  // Nothing changed: the job answers so, and no version is made.
  if (!previous || !proposed) return previous ? { ...edited, metadata: previous.metadata } : edited;
  return { ...edited, metadata: { ...edited.metadata, version: proposed } };
}

/** Why the profile's version cannot be saved (another content holds it), or undefined. */
async function versionTaken(deps: HandlerDeps, profile: ClusterProfile): Promise<string | undefined> {
  const { name, version } = profile.metadata;
  const stored = await deps.profiles.store.get(name, version);
  if (!stored || stored.fingerprint === fingerprintOf(profile)) return undefined;
  const versions = await deps.profiles.store.versions(name);
  const latest = versions.find((v) => v.version === latestVersion(versions.map((x) => x.version)));
  const free = latest && (proposeNextVersion(latest.profile, profile) ?? semver.inc(latest.version, 'patch'));
  return versionTakenText(version, free ?? version);
}

async function accept<N extends 'profile create' | 'profile edit' | 'profile import'>(
  deps: HandlerDeps,
  body: Args['body'],
  viewId: string,
  command: N,
  args: CommandJobs[N],
  profile: ClusterProfile | undefined,
): Promise<boolean> {
  const user = body.user.id;
  const requestId = requestIdOf(body.team?.id ?? '', body.trigger_id ?? viewId);
  const job = commandJob(
    command,
    // No response_url comes with a form: answers go to the user's DM with the bot.
    { requestId, user, channel: user, teamId: body.team?.id, receivedAt: deps.clock.now() },
    args,
  );
  const what = profile ? `${profile.metadata.name}@${profile.metadata.version}` : 'from a file';
  const entry = {
    at: deps.clock.now(),
    user,
    channel: user,
    command: `${command} form: ${what}`,
    outcome: 'accepted',
  };
  // Accepted before the ack, in one Redis call: if it cannot be, the form stays open and says so.
  return acceptForm(deps, requestId, entry, commandIntake(job, requestId));
}
