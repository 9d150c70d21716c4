import { randomBytes, randomUUID } from 'node:crypto';

const hex = (chars: number) =>
  randomBytes(Math.ceil(chars / 2))
    .toString('hex')
    .slice(0, chars);

/** `mi-` and 17 hex characters, as SSM names hybrid-activated machines. */
export const managedInstanceId = () => `mi-${hex(17)}`;
/** `i-` and 17 hex characters, as EC2 names instances. */
export const ec2InstanceId = () => `i-${hex(17)}`;
export const vpcId = () => `vpc-${hex(17)}`;
export const subnetId = () => `subnet-${hex(17)}`;
export const securityGroupId = () => `sg-${hex(17)}`;
export const uuid = () => randomUUID();

/** SSM activation codes are 20 characters of base64-like text, e.g. `QC2CV0/lRfn+LTqf23Bf`. */
export function activationCode(): string {
  return randomBytes(15).toString('base64').slice(0, 20);
}

/** Kubernetes-style random suffix (lowercase consonants and digits). */
export function podSuffix(length = 5): string {
  const alphabet = 'bcdfghjklmnpqrstvwxz2456789';
  const bytes = randomBytes(length);
  return Array.from(bytes, (b) => alphabet[b % alphabet.length]).join('');
}
