/** Cluster profiles: the OS and Kubernetes layers of a hybrid node pool, as pure data and rules. */

export {
  credentialPlaceholder,
  isPlaceholderCredential,
  PLACEHOLDER_ACTIVATION_CODE,
  PLACEHOLDER_ACTIVATION_ID,
} from './credential-placeholder';
export { containerdSourceProblem, hostOsProblems, SSM_ONLY_OSES } from './host-os-rules';
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
export { checkProfileForCluster } from './profile-cluster-check';
export {
  diffProfiles,
  hasChanges,
  type LineChange,
  type ProfileDiff,
  type SettingChange,
  type ValueChange,
} from './profile-diff';
export { profileChangeImpact, profileDiffLines } from './profile-diff-lines';
export { isStrictSemver } from './profile-rules';
export {
  classifyProfileChange,
  isSameContent,
  latestVersion,
  nextVersionProblems,
  type ProfileBump,
  proposeNextVersion,
  sortVersionsNewestFirst,
} from './profile-versions';
export { profileToYaml } from './profile-yaml';
export {
  type ProfileNodeConfigInput,
  profileInstallCommand,
  renderProfileNodeConfig,
} from './render-node-config';
export { starterProfile } from './starter-profile';
