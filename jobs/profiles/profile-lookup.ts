import type { StoredProfileVersion } from '../../src/adapters/redis/profile-store';
import { unknownProfileText, unknownVersionText } from '../../src/blocks/profiles/profile-messages';
import { parseProfileRef } from '../../src/domain/profile-ref';
import { type ClusterProfile, latestVersion, sortVersionsNewestFirst } from '../../src/domain/profiles';
import { BotError, ErrorCode } from '../../src/errors';
import type { CommandDeps } from '../job-context';

export type StoredProfile = StoredProfileVersion<ClusterProfile>;

/** `name` (its latest version) or `name@version`, from the store; a clear error naming what exists otherwise. */
export async function findProfile(
  deps: Pick<CommandDeps, 'stores'>,
  text: string,
  opts: { versionRequired?: boolean } = {},
): Promise<{ found: StoredProfile; versions: string[] }> {
  const parsed = parseProfileRef(text, opts);
  if (!parsed.ok) throw new BotError(ErrorCode.Validation, parsed.message);
  const { name, version } = parsed.ref;
  const store = deps.stores.profiles;
  const all = await store.versions(name);
  if (all.length === 0) throw new BotError(ErrorCode.NotFound, unknownProfileText(name, await store.names()));
  const versions = sortVersionsNewestFirst(all.map((v) => v.version));
  const wanted = version ?? latestVersion(versions);
  const found = all.find((v) => v.version === wanted);
  if (!found) throw new BotError(ErrorCode.NotFound, unknownVersionText(name, version ?? '', versions));
  return { found, versions };
}
