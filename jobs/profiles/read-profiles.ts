import {
  type ProfileRow,
  profileDetailMessage,
  profileDiffMessage,
  profileExportedMessage,
  profilesListMessage,
} from '../../src/blocks/profiles/profile-messages';
import { poolUpdates } from '../../src/domain/pools/pool-updates';
import {
  diffProfiles,
  profileChangeImpact,
  profileDiffLines,
  profileToYaml,
  sortVersionsNewestFirst,
} from '../../src/domain/profiles';
import { replyTo } from '../../src/ports';
import { controlPlaneVersion } from '../cluster/cluster-info';
import type { CommandProcessor } from '../job-context';
import { findProfile } from './profile-lookup';

/** `/hybrid profiles` */
export const listProfiles: CommandProcessor<'profiles'> = async (job, deps) => {
  const store = deps.stores.profiles;
  const rows: ProfileRow[] = [];
  // Each cluster's control plane read once: it decides which versions its pools could move to.
  const controlPlanes = new Map<string, Promise<string | undefined>>();
  const controlPlaneOf = (name: string) => {
    const cluster = deps.config.clusters.find((c) => c.name === name);
    if (!cluster) return Promise.resolve(undefined);
    if (!controlPlanes.has(name)) controlPlanes.set(name, controlPlaneVersion(deps, cluster));
    return controlPlanes.get(name);
  };
  for (const name of await store.names()) {
    const all = await store.versions(name);
    const order = sortVersionsNewestFirst(all.map((v) => v.version));
    const latest = all.find((v) => v.version === order[0]);
    if (!latest) continue;
    const versions = await Promise.all(
      order.map(async (version) => ({ version, pools: await store.usedBy(name, version) })),
    );
    const facts = all.map((v) => ({
      version: v.version,
      kubernetesVersion: v.profile.spec.kubernetes.version,
    }));
    const updates = await Promise.all(
      versions
        .filter((v) => v.version !== latest.version)
        .flatMap((v) => v.pools.map((pool) => ({ version: v.version, pool })))
        // Pools are recorded as cluster/pool.
        .map(async ({ version, pool }) => ({
          pool,
          ...poolUpdates(version, facts, await controlPlaneOf(pool.split('/')[0] ?? '')),
        })),
    );
    rows.push({ name, latest: latest.profile, versions, updates });
  }
  await deps.outbox.send(replyTo(job.data.request, profilesListMessage(rows)), { jobId: `reply-${job.id}` });
  return { profiles: rows.length };
};

/** `/hybrid profile show <name>[@version]` */
export const showProfile: CommandProcessor<'profile show'> = async (job, deps) => {
  const { found, versions } = await findProfile(deps, job.data.positionals.profile ?? '');
  const pools = await deps.stores.profiles.usedBy(found.name, found.version);
  const message = profileDetailMessage({
    profile: found.profile,
    yaml: profileToYaml(found.profile),
    savedBy: found.savedBy,
    savedAt: found.savedAt,
    versions,
    pools,
  });
  await deps.outbox.send(replyTo(job.data.request, message), { jobId: `reply-${job.id}` });
  return { profile: `${found.name}@${found.version}` };
};

/** `/hybrid profile diff <name>@<a> <name>@<b>` */
export const diffProfileVersions: CommandProcessor<'profile diff'> = async (job, deps) => {
  const { positionals } = job.data;
  const { found: a } = await findProfile(deps, positionals.from ?? '', { versionRequired: true });
  const { found: b } = await findProfile(deps, positionals.to ?? '', { versionRequired: true });
  const diff = diffProfiles(a.profile, b.profile);
  const message = profileDiffMessage(
    `${a.name}@${a.version}`,
    `${b.name}@${b.version}`,
    profileDiffLines(diff),
    profileChangeImpact(diff),
  );
  await deps.outbox.send(replyTo(job.data.request, message), { jobId: `reply-${job.id}` });
  return { from: a.version, to: b.version };
};

/** `/hybrid profile export <name>[@version]`: the canonical YAML, as a file only the requester sees. */
export const exportProfile: CommandProcessor<'profile export'> = async (job, deps) => {
  const { request } = job.data;
  const { found } = await findProfile(deps, job.data.positionals.profile ?? '');
  const id = `${found.name}@${found.version}`;
  await deps.outbox.send(
    {
      kind: 'file',
      user: request.user,
      filename: `${found.name}-${found.version}.yaml`,
      title: `Cluster profile ${id}`,
      content: profileToYaml(found.profile),
    },
    { jobId: `profile-file-${job.id}` },
  );
  await deps.outbox.send(replyTo(request, profileExportedMessage(found.name, found.version)), {
    jobId: `reply-${job.id}`,
  });
  return { exported: id };
};
