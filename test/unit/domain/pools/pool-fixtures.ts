import { parseProfileYaml } from '../../../../src/domain/profiles/parse-profile';
import type { ClusterProfile } from '../../../../src/domain/profiles/profile';

export function profileFixture(extra = ''): ClusterProfile {
  const parsed = parseProfileYaml(
    `apiVersion: hybrid-bot.io/v1
kind: ClusterProfile
metadata: { name: edge-standard, version: 1.2.0 }
spec:
  os: { mode: agent, supported: [ubuntu-22.04, rhel-9] }
  kubernetes:
    version: "1.31"
    containerdSource: none
${extra}`,
    { kubernetesVersions: ['1.29', '1.30', '1.31', '1.32'] },
  );
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return parsed.profile;
}
