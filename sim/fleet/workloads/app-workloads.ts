import type { KubeObject } from '../../kube/store';
import { deployment, podDisruptionBudget } from './manifests';

export function app(a: {
  name: string;
  namespace: string;
  replicas: number;
  placement: 'hybrid' | 'cloud' | 'any';
  maxUnavailable?: number;
}): KubeObject[] {
  const labels = { 'app.kubernetes.io/name': a.name };
  const affinity =
    a.placement === 'any'
      ? undefined
      : {
          nodeAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: {
              nodeSelectorTerms: [
                {
                  matchExpressions: [
                    {
                      key: 'eks.amazonaws.com/compute-type',
                      operator: a.placement === 'hybrid' ? 'In' : 'NotIn',
                      values: ['hybrid'],
                    },
                  ],
                },
              ],
            },
          },
        };
  return [
    deployment({ ...a, labels, image: `public.ecr.aws/docker/library/nginx:1.27`, affinity }),
    ...(a.maxUnavailable !== undefined
      ? [podDisruptionBudget(a.name, a.namespace, labels, a.maxUnavailable)]
      : []),
  ];
}

export interface AgentPlacement {
  namespace: string;
  name: string;
  nodeGroup: string;
}

/** The management agent: one replica on a cloud worker of the named node group, never on hybrid nodes. */
export function managementAgent(a: AgentPlacement): KubeObject {
  return deployment({
    name: a.name,
    namespace: a.namespace,
    labels: { 'app.kubernetes.io/name': a.name, 'app.kubernetes.io/component': 'management-agent' },
    image: 'public.ecr.aws/hybrid-fleet/management-agent:v4.6.2',
    affinity: {
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerms: [
            {
              matchExpressions: [
                { key: 'eks.amazonaws.com/nodegroup', operator: 'In', values: [a.nodeGroup] },
                { key: 'eks.amazonaws.com/compute-type', operator: 'NotIn', values: ['hybrid', 'fargate'] },
              ],
            },
          ],
        },
      },
    },
    replicas: 1,
  });
}
