/** Cluster profiles: the OS and Kubernetes layers of a hybrid node pool, as pure data and rules. */
export { parseProfileYaml, validateProfile } from './parse-profile';
export {
  type ClusterProfile,
  CONTAINERD_SOURCES,
  type ContainerdSource,
  clusterProfileSchema,
  HOST_OSES,
  type HostOs,
  OS_MODES,
  type OsMode,
  PROFILE_API_VERSION,
  PROFILE_KIND,
  type ProfileContext,
  type ProfileProblem,
  type ProfileResult,
} from './profile';
export { containerdSourceProblem, isStrictSemver } from './profile-rules';
