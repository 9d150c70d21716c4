/** How a node last reported itself: Ready, NotReady (kubelet says so), or Unknown (kubelet silent). */
export type NodeHealth = 'Ready' | 'NotReady' | 'Unknown';

export function readyConditions(now: Date, health: NodeHealth = 'Ready'): Array<Record<string, string>> {
  const at = now.toISOString();
  const pressure = (type: string, reason: string, message: string) =>
    health === 'Unknown'
      ? {
          type,
          status: 'Unknown',
          reason: 'NodeStatusUnknown',
          message: 'Kubelet stopped posting node status.',
          lastHeartbeatTime: at,
          lastTransitionTime: at,
        }
      : { type, status: 'False', reason, message, lastHeartbeatTime: at, lastTransitionTime: at };
  return [
    pressure('MemoryPressure', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available'),
    pressure('DiskPressure', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'),
    pressure('PIDPressure', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'),
    readyCondition(at, health),
  ];
}

function readyCondition(at: string, health: NodeHealth): Record<string, string> {
  const base = { type: 'Ready', lastHeartbeatTime: at, lastTransitionTime: at };
  if (health === 'Ready') {
    return { ...base, status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status' };
  }
  if (health === 'NotReady') {
    return {
      ...base,
      status: 'False',
      reason: 'KubeletNotReady',
      message: 'container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady',
    };
  }
  return {
    ...base,
    status: 'Unknown',
    reason: 'NodeStatusUnknown',
    message: 'Kubelet stopped posting node status.',
  };
}

/** The taints the node lifecycle controller puts on a node that is not Ready. */
export function healthTaints(health: NodeHealth, now: Date): Array<Record<string, string>> {
  if (health === 'Ready') return [];
  const key = health === 'Unknown' ? 'node.kubernetes.io/unreachable' : 'node.kubernetes.io/not-ready';
  return [
    { key, effect: 'NoSchedule' },
    { key, effect: 'NoExecute', timeAdded: now.toISOString() },
  ];
}
