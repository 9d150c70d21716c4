/** The simulated Kubernetes API of an EKS cluster: what the rest of the simulator builds on. */
export {
  type KubeApiServer,
  type KubeApiServerOptions,
  type KubeFault,
  startKubeApiServer,
} from './api-server';
export { type CertificateAuthority, createCertificateAuthority } from './certificate-authority';
export { type KubeControllers, startKubeControllers } from './controllers';
export { type EksAuthenticatorOptions, eksAuthenticator } from './eks-authenticator';
export { type EksTokenVerdict, type VerifyEksTokenOptions, verifyEksToken } from './eks-token';
export { KubeError } from './errors';
export { KubeStore, type ListOptions } from './store';
export type { KubeObject, KubeResource, WatchEvent } from './types';
