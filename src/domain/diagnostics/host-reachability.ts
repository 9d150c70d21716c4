/** SSM's PingStatus for a managed instance (DescribeInstanceInformation). */
export type PingStatus = 'Online' | 'ConnectionLost' | 'Inactive';

/**
 * Whether a Run Command can reach the host: SSM only delivers commands to an agent that is Online.
 * ConnectionLost means the agent stopped calling in (power, network, or the agent itself).
 */
export function isReachable(pingStatus: PingStatus): boolean {
  return pingStatus === 'Online';
}
