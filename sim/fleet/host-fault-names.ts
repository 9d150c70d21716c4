/** What can be wrong on a host, as `POST /_sim/hosts/<name>/faults` sets it. */
export const HOST_FAULTS = [
  'clock-skew',
  'swap-on',
  'api-unreachable',
  'certificate-expired',
  'kubelet-crashloop',
  'disk-pressure',
] as const;
export type HostFault = (typeof HOST_FAULTS)[number];
