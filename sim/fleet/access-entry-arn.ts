import { uuid } from './ids';

/** EKS names an access entry after its cluster and principal: `access-entry/<cluster>/role/<account>/<name>/<id>`. */
export function accessEntryArn(
  cluster: { name: string; region: string },
  account: string,
  principalArn: string,
): string {
  const m = /^arn:[^:]+:iam::(\d{12}):(role|user)\/(?:.*\/)?([^/]+)$/.exec(principalArn);
  const [kind, principalAccount, name] = m ? [m[2], m[1], m[3]] : ['role', account, principalArn];
  return `arn:aws:eks:${cluster.region}:${account}:access-entry/${cluster.name}/${kind}/${principalAccount}/${name}/${uuid()}`;
}
