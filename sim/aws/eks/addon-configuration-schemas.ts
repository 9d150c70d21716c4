/**
 * What DescribeAddonConfiguration answers: each add-on's configuration JSON schema (draft-06, `$ref` to a root
 * definition, additionalProperties false, as EKS publishes them). These keep the real schemas' top-level
 * properties and the shape of the ones the simulator applies (affinity, tolerations); the many `env` keys of
 * vpc-cni are reduced to the commonly set ones.
 */
const objectOrNull = { type: ['object', 'null'] };
const resources = {
  type: 'object',
  additionalProperties: false,
  properties: {
    limits: { type: 'object', properties: { cpu: { type: 'string' }, memory: { type: 'string' } } },
    requests: { type: 'object', properties: { cpu: { type: 'string' }, memory: { type: 'string' } } },
  },
};
const tolerations = { type: 'array', items: { type: 'object' } };

const vpcCni = {
  $ref: '#/definitions/VpcCni',
  $schema: 'http://json-schema.org/draft-06/schema#',
  definitions: {
    Affinity: objectOrNull,
    Env: {
      additionalProperties: false,
      properties: Object.fromEntries(
        [
          'ADDITIONAL_ENI_TAGS',
          'AWS_VPC_CNI_NODE_PORT_SUPPORT',
          'AWS_VPC_ENI_MTU',
          'AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG',
          'AWS_VPC_K8S_CNI_EXTERNALSNAT',
          'AWS_VPC_K8S_CNI_LOGLEVEL',
          'ENABLE_POD_ENI',
          'ENABLE_PREFIX_DELEGATION',
          'MINIMUM_IP_TARGET',
          'WARM_ENI_TARGET',
          'WARM_IP_TARGET',
          'WARM_PREFIX_TARGET',
        ].map((k) => [k, { type: 'string' }]),
      ),
      title: 'Env',
      type: 'object',
    },
    Resources: resources,
    Tolerations: tolerations,
    VpcCni: {
      additionalProperties: false,
      properties: {
        affinity: { $ref: '#/definitions/Affinity' },
        enableNetworkPolicy: { type: 'string' },
        enableWindowsIpam: { type: 'string' },
        enableWindowsPrefixDelegation: { type: 'string' },
        env: { $ref: '#/definitions/Env' },
        init: { type: 'object' },
        livenessProbeTimeoutSeconds: { type: 'integer' },
        nodeAgent: { type: 'object' },
        podAnnotations: { type: 'object' },
        podLabels: { type: 'object' },
        readinessProbeTimeoutSeconds: { type: 'integer' },
        resources: { $ref: '#/definitions/Resources' },
        tolerations: { $ref: '#/definitions/Tolerations' },
        updateStrategy: { type: 'object' },
      },
      title: 'VpcCni',
      type: 'object',
    },
  },
};

const coreDns = {
  $ref: '#/definitions/Coredns',
  $schema: 'http://json-schema.org/draft-06/schema#',
  definitions: {
    Coredns: {
      additionalProperties: false,
      properties: {
        affinity: objectOrNull,
        autoScaling: { type: 'object' },
        computeType: { type: 'string' },
        corefile: { type: 'string' },
        nodeSelector: { type: 'object' },
        podAnnotations: { type: 'object' },
        podDisruptionBudget: { type: 'object' },
        podLabels: { type: 'object' },
        replicaCount: { type: 'integer' },
        resources: resources,
        tolerations,
        topologySpreadConstraints: { type: 'array' },
      },
      title: 'Coredns',
      type: 'object',
    },
  },
};

const kubeProxy = {
  $ref: '#/definitions/KubeProxy',
  $schema: 'http://json-schema.org/draft-06/schema#',
  definitions: {
    KubeProxy: {
      additionalProperties: false,
      properties: {
        ipvs: { type: 'object' },
        mode: { enum: ['iptables', 'ipvs'], type: 'string' },
        podAnnotations: { type: 'object' },
        podLabels: { type: 'object' },
        resources: resources,
      },
      title: 'KubeProxy',
      type: 'object',
    },
  },
};

export const ADDON_CONFIGURATION_SCHEMAS: Record<string, object> = {
  'vpc-cni': vpcCni,
  coredns: coreDns,
  'kube-proxy': kubeProxy,
};
