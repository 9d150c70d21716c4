import { profileDeletedMessage, versionInUseText } from '../../src/blocks/profiles/profile-messages';
import { BotError, ErrorCode } from '../../src/errors';
import { replyTo } from '../../src/ports';
import type { CommandProcessor } from '../job-context';
import { findProfile } from './profile-lookup';

/** `/hybrid profile delete <name>@<version>`: refused while a pool uses the version. */
export const deleteProfile: CommandProcessor<'profile delete'> = async (job, deps) => {
  const { request } = job.data;
  const { found } = await findProfile(deps, job.data.positionals.profile ?? '', { versionRequired: true });
  const { name, version } = found;
  const result = await deps.stores.profiles.delete(name, version, {
    at: deps.clock.now(),
    user: request.user,
    channel: request.channel,
    command: `/hybrid profile delete ${name}@${version}`,
    outcome: 'profile deleted',
  });
  if (result.outcome === 'used')
    throw new BotError(ErrorCode.Conflict, versionInUseText(name, version, result.by));
  if (result.outcome === 'not-found') {
    throw new BotError(
      ErrorCode.NotFound,
      `${name}@${version} was deleted meanwhile: see \`/hybrid profiles\`.`,
    );
  }
  await deps.outbox.send(replyTo(request, profileDeletedMessage(name, version)), {
    jobId: `reply-${job.id}`,
  });
  return { deleted: `${name}@${version}` };
};
