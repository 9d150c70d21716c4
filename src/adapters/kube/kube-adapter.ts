import https from 'node:https';
import {
  ApiException,
  AppsV1Api,
  type ConfigurationOptions,
  CoreV1Api,
  createConfiguration,
  type ObservableMiddleware,
  PatchStrategy,
  ServerConfiguration,
  setHeaderOptions,
} from '@kubernetes/client-node';
import type { Kube, KubeNode } from '../../cloud-ports';
import { kubeError, statusOf } from './kube-errors';
import { toDaemonSet, toDeployment, toNode, toPod } from './kube-objects';

/** Where a cluster's API server is, as DescribeCluster tells: its URL and base64 PEM CA. */
export interface KubeConnection {
  endpoint: string;
  caData: string;
}

export interface KubeTokens {
  token(): Promise<string>;
  invalidate(refused: string): void;
}

export interface KubeAdapterOptions {
  clusterName: string;
  connect: () => Promise<KubeConnection>;
  tokens: KubeTokens;
}

type Options = ConfigurationOptions<ObservableMiddleware>;
type Apis = { core: CoreV1Api; apps: AppsV1Api; agent: https.Agent };
type WithToken = (extra?: Options) => Options;

/** Large clusters are listed in pages, as kubectl does, so no single answer grows without bound. */
const PAGE_SIZE = 500;

/** One cluster's Kubernetes API, reached the EKS way. Connects on first use; `close` frees its sockets. */
export function createKube(options: KubeAdapterOptions): Kube & { close(): void } {
  const { clusterName, tokens } = options;
  let apis: Promise<Apis> | undefined;

  const connect = (): Promise<Apis> => {
    apis ??= options.connect().then(makeApis, (err) => {
      apis = undefined; // the next call asks EKS again
      throw err;
    });
    return apis;
  };

  const run = async <T>(action: string, fn: (a: Apis, withToken: WithToken) => Promise<T>): Promise<T> => {
    const what = `${action} of cluster ${clusterName}`;
    for (let attempt = 0; ; attempt++) {
      let token: string | undefined;
      try {
        const a = await connect();
        const t = await tokens.token();
        token = t;
        return await fn(a, (extra) => setHeaderOptions('Authorization', `Bearer ${t}`, extra));
      } catch (err) {
        // A refused token may have outlived its acceptance (clock skew, a long pause): sign a new one once.
        if (attempt === 0 && token && err instanceof ApiException && err.code === 401) {
          tokens.invalidate(token);
          continue;
        }
        throw kubeError(err, what, clusterName);
      }
    }
  };

  const patchNode = (action: string, name: string, body: object): Promise<KubeNode> =>
    run(`${action} node ${name}`, async ({ core }, withToken) =>
      toNode(
        await core.patchNode(
          { name, body },
          withToken(setHeaderOptions('Content-Type', PatchStrategy.MergePatch)),
        ),
      ),
    );

  return {
    listNodes: (labelSelector) =>
      run('Listing nodes', async ({ core }, withToken) => {
        const items = await pages((cont) =>
          core.listNode({ labelSelector, limit: PAGE_SIZE, _continue: cont }, withToken()),
        );
        return items.map(toNode);
      }),

    getNode: (name) =>
      run(`Reading node ${name}`, async ({ core }, withToken) => {
        try {
          return toNode(await core.readNode({ name }, withToken()));
        } catch (err) {
          if (err instanceof ApiException && err.code === 404) return undefined;
          throw err;
        }
      }),

    patchNodeLabels: (name, labels) => patchNode('Labelling', name, { metadata: { labels } }),

    setUnschedulable: (name, unschedulable) =>
      patchNode(unschedulable ? 'Cordoning' : 'Uncordoning', name, { spec: { unschedulable } }),

    deleteNode: (name) =>
      run(`Deleting node ${name}`, async ({ core }, withToken) => {
        try {
          await core.deleteNode({ name }, withToken());
        } catch (err) {
          if (!(err instanceof ApiException && err.code === 404)) throw err;
        }
      }),

    listPods: (query = {}) =>
      run('Listing pods', async ({ core }, withToken) => {
        const { namespace, labelSelector, nodeName } = query;
        const fieldSelector = nodeName ? `spec.nodeName=${nodeName}` : undefined;
        const items = await pages((cont) => {
          const params = { labelSelector, fieldSelector, limit: PAGE_SIZE, _continue: cont };
          return namespace
            ? core.listNamespacedPod({ namespace, ...params }, withToken())
            : core.listPodForAllNamespaces(params, withToken());
        });
        return items.map(toPod);
      }),

    evictPod: (namespace, name) =>
      run(`Evicting pod ${namespace}/${name}`, async ({ core }, withToken) => {
        try {
          await core.createNamespacedPodEviction(
            {
              name,
              namespace,
              body: { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name, namespace } },
            },
            withToken(),
          );
          return 'evicted' as const;
        } catch (err) {
          if (err instanceof ApiException && err.code === 404) return 'evicted' as const;
          if (err instanceof ApiException && err.code === 429 && blockedByBudget(err))
            return 'blocked-by-pdb' as const;
          throw err;
        }
      }),

    listDaemonSets: (namespace) =>
      run('Listing DaemonSets', async ({ apps }, withToken) => {
        const items = await pages((cont) =>
          namespace
            ? apps.listNamespacedDaemonSet({ namespace, limit: PAGE_SIZE, _continue: cont }, withToken())
            : apps.listDaemonSetForAllNamespaces({ limit: PAGE_SIZE, _continue: cont }, withToken()),
        );
        return items.map(toDaemonSet);
      }),

    listDeployments: (namespace) =>
      run('Listing Deployments', async ({ apps }, withToken) => {
        const items = await pages((cont) =>
          namespace
            ? apps.listNamespacedDeployment({ namespace, limit: PAGE_SIZE, _continue: cont }, withToken())
            : apps.listDeploymentForAllNamespaces({ limit: PAGE_SIZE, _continue: cont }, withToken()),
        );
        return items.map(toDeployment);
      }),

    close: () => {
      apis?.then(
        ({ agent }) => agent.destroy(),
        () => undefined,
      );
      apis = undefined;
    },
  };
}

function makeApis(c: KubeConnection): Apis {
  // One keep-alive agent per cluster: the client's own would open a TLS connection per request.
  const agent = new https.Agent({ ca: Buffer.from(c.caData, 'base64'), keepAlive: true, maxSockets: 16 });
  const config = createConfiguration({
    baseServer: new ServerConfiguration(c.endpoint, {}),
    authMethods: {
      default: {
        getName: () => 'eks-cluster-ca',
        applySecurityAuthentication: (context) => context.setAgent(agent),
      },
    },
  });
  return { core: new CoreV1Api(config), apps: new AppsV1Api(config), agent };
}

async function pages<T>(
  list: (cont: string | undefined) => Promise<{ items: T[]; metadata?: { _continue?: string } }>,
) {
  const all: T[] = [];
  let cont: string | undefined;
  do {
    const page = await list(cont);
    all.push(...page.items);
    cont = page.metadata?._continue || undefined;
  } while (cont);
  return all;
}

/** Eviction answers 429 both when a PodDisruptionBudget forbids it and when the API is merely busy. */
function blockedByBudget(err: ApiException<unknown>): boolean {
  const status = statusOf(err);
  return (
    status.details?.causes?.some((c) => c.reason === 'DisruptionBudget') === true ||
    /disruption budget/i.test(status.message ?? '')
  );
}
