import type { CniObjects } from './cni-running';
import type { Values } from './helm-values';

/**
 * The values a running Cilium shows it runs with, read back from what Helm rendered: the operator's
 * replicas and tolerations, and IPAM from cilium-config. The release's own values sit in Helm's
 * release Secret, which the bot does not read; these are where the chart's defaults (two operators
 * tolerating every taint) and AWS's recommendation differ, so a change's diff must start from them
 * rather than from what the bot last recorded.
 */
export function runningValues(objects: CniObjects): Values {
  const { operator, ciliumConfig } = objects;
  const cidrs = (ciliumConfig?.['cluster-pool-ipv4-cidr'] ?? '').split(/[\s,]+/).filter(Boolean);
  const mask = Number(ciliumConfig?.['cluster-pool-ipv4-mask-size']);
  const ipamOperator: Values = {
    ...(cidrs.length > 0 ? { clusterPoolIPv4PodCIDRList: cidrs } : {}),
    ...(Number.isInteger(mask) && mask > 0 ? { clusterPoolIPv4MaskSize: mask } : {}),
  };
  const ipam: Values = {
    ...(ciliumConfig?.ipam ? { mode: ciliumConfig.ipam } : {}),
    ...(Object.keys(ipamOperator).length > 0 ? { operator: ipamOperator } : {}),
  };
  return {
    ...(operator
      ? {
          operator: {
            replicas: operator.desired,
            ...(operator.tolerations ? { tolerations: operator.tolerations } : {}),
          },
        }
      : {}),
    ...(Object.keys(ipam).length > 0 ? { ipam } : {}),
  };
}
