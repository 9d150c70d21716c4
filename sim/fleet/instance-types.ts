/** The EC2 instance types a scenario may use, with what the kubelet reports for them. */
export interface InstanceType {
  vcpu: number;
  memoryGiB: number;
  /** Max pods with the VPC CNI (ENIs × (IPs per ENI − 1) + 2). */
  maxPods: number;
  arch: 'amd64' | 'arm64';
}

export const INSTANCE_TYPES: Record<string, InstanceType> = {
  't3.small': { vcpu: 2, memoryGiB: 2, maxPods: 11, arch: 'amd64' },
  't3.medium': { vcpu: 2, memoryGiB: 4, maxPods: 17, arch: 'amd64' },
  't3.large': { vcpu: 2, memoryGiB: 8, maxPods: 35, arch: 'amd64' },
  't3.xlarge': { vcpu: 4, memoryGiB: 16, maxPods: 58, arch: 'amd64' },
  't3.2xlarge': { vcpu: 8, memoryGiB: 32, maxPods: 58, arch: 'amd64' },
  'm5.large': { vcpu: 2, memoryGiB: 8, maxPods: 29, arch: 'amd64' },
  'm5.xlarge': { vcpu: 4, memoryGiB: 16, maxPods: 58, arch: 'amd64' },
  'm5.2xlarge': { vcpu: 8, memoryGiB: 32, maxPods: 58, arch: 'amd64' },
  'm6i.xlarge': { vcpu: 4, memoryGiB: 16, maxPods: 58, arch: 'amd64' },
  'c5.xlarge': { vcpu: 4, memoryGiB: 8, maxPods: 58, arch: 'amd64' },
  'm7g.large': { vcpu: 2, memoryGiB: 8, maxPods: 29, arch: 'arm64' },
  'm7g.xlarge': { vcpu: 4, memoryGiB: 16, maxPods: 58, arch: 'arm64' },
};

/** Kibibytes as a Kubernetes quantity. */
export const ki = (kib: number) => `${Math.floor(kib)}Ki`;

/** The kubelet sees a little less memory than the instance's nominal size (firmware and kernel reserve). */
export function memoryCapacityKi(memoryGiB: number): number {
  return memoryGiB * 1024 * 1024 * 0.965;
}

/** ext4/xfs metadata takes a little of the root volume. */
export function ephemeralStorageKi(diskGiB: number): number {
  return diskGiB * 1024 * 1024 * 0.996;
}
