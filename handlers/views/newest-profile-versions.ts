import { sortVersionsNewestFirst } from '../../src/domain/profiles';
import type { HandlerDeps } from '../handler-deps';

/** Versions offered per profile in a form, newest first. */
const VERSIONS_OFFERED = 3;

/** Each stored profile's newest versions as `name@version`, with their Kubernetes version, for a form's choices. */
export async function newestProfileVersions(
  deps: Pick<HandlerDeps, 'profiles'>,
): Promise<{ ref: string; kubernetesVersion: string }[]> {
  const store = deps.profiles.store;
  return (
    await Promise.all(
      (
        await store.names()
      ).map(async (n) => {
        const stored = await store.versions(n);
        return sortVersionsNewestFirst(stored.map((v) => v.version))
          .slice(0, VERSIONS_OFFERED)
          .flatMap((v) => {
            const found = stored.find((s) => s.version === v);
            return found
              ? [{ ref: `${n}@${v}`, kubernetesVersion: found.profile.spec.kubernetes.version }]
              : [];
          });
      }),
    )
  ).flat();
}
