import { stringify } from 'yaml';
import type { SsmHybridOptions } from '../node-config';

/**
 * The credentials part of a host's NodeConfig (`spec.hybrid`), indented as under `spec:`, so that the
 * pool's part (ending in `spec:`) followed by this one is a whole NodeConfig. It holds the activation
 * code: it is written on the host only, by the registration bootstrap, readable by root only.
 */
export function ssmCredentialsPart(ssm: SsmHybridOptions): string {
  const yaml = stringify(
    { hybrid: { ssm: { activationCode: ssm.activationCode, activationId: ssm.activationId } } },
    { lineWidth: 0 },
  );
  return yaml
    .trimEnd()
    .split('\n')
    .map((line) => `  ${line}`)
    .join('\n')
    .concat('\n');
}
