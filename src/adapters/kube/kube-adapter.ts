import { ApiException, PatchStrategy, setHeaderOptions, type V1ConfigMap } from '@kubernetes/client-node';
import type { CustomObject, Kube, KubeNode } from '../../cloud-ports';
import {
  allItems,
  type GetList,
  type KubeConnectionOptions,
  kubeConnection,
  PAGE_SIZE,
} from './kube-connection';
import { statusOf } from './kube-errors';
import { toDaemonSet, toDeployment, toNode, toPod } from './kube-objects';

/** One cluster's Kubernetes API, reached the EKS way. Connects on first use; `close` frees its sockets. */
export function createKube(options: KubeConnectionOptions): Kube & { close(): void } {
  const { run, closeIdle, close } = kubeConnection(options);

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
    listNodes(labelSelector) {
      return run('Listing nodes', ({ getList }, _withToken, token) =>
        listAll(getList, token, '/api/v1/nodes', { labelSelector }, toNode),
      );
    },

    getNode(name) {
      return run(`Reading node ${name}`, async ({ core }, withToken) => {
        try {
          return toNode(await core.readNode({ name }, withToken()));
        } catch (err) {
          if (err instanceof ApiException && err.code === 404) return undefined;
          throw err;
        }
      });
    },

    patchNodeLabels(name, labels) {
      return patchNode('Labelling', name, { metadata: { labels } });
    },

    patchNodeAnnotations(name, annotations) {
      return patchNode('Annotating', name, { metadata: { annotations } });
    },
    // A merge patch replaces the whole list: callers pass every taint the node should keep.
    setNodeTaints(name, taints) {
      return patchNode('Tainting', name, { spec: { taints } });
    },

    setUnschedulable(name, unschedulable) {
      return patchNode(unschedulable ? 'Cordoning' : 'Uncordoning', name, { spec: { unschedulable } });
    },

    deleteNode(name) {
      return run(`Deleting node ${name}`, async ({ core }, withToken) => {
        try {
          await core.deleteNode({ name }, withToken());
        } catch (err) {
          if (!(err instanceof ApiException && err.code === 404)) throw err;
        }
      });
    },

    listPods(query = {}) {
      return run('Listing pods', ({ getList }, _withToken, token) => {
        const { namespace, labelSelector, nodeName } = query;
        const fieldSelector = nodeName ? `spec.nodeName=${nodeName}` : undefined;
        const path = namespace ? `/api/v1/namespaces/${segment(namespace)}/pods` : '/api/v1/pods';
        return listAll(getList, token, path, { labelSelector, fieldSelector }, toPod);
      });
    },

    evictPod(namespace, name) {
      return run(`Evicting pod ${namespace}/${name}`, async ({ core }, withToken) => {
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
      });
    },

    listDisruptionBudgets() {
      return run('Listing PodDisruptionBudgets', async ({ policy }, withToken) => {
        const items = await allItems((cont) =>
          policy.listPodDisruptionBudgetForAllNamespaces({ limit: PAGE_SIZE, _continue: cont }, withToken()),
        );
        return items.map((b) => ({
          namespace: b.metadata?.namespace ?? '',
          name: b.metadata?.name ?? '',
          matchLabels: b.spec?.selector?.matchLabels ?? {},
          matchExpressions: (b.spec?.selector?.matchExpressions ?? []).map((e) => ({
            key: e.key,
            operator: e.operator,
            ...(e.values ? { values: e.values } : {}),
          })),
          disruptionsAllowed: b.status?.disruptionsAllowed ?? 0,
        }));
      });
    },

    listDaemonSets(namespace) {
      return run('Listing DaemonSets', ({ getList }, _withToken, token) =>
        listAll(getList, token, appsPath(namespace, 'daemonsets'), {}, toDaemonSet),
      );
    },

    listDeployments(namespace) {
      return run('Listing Deployments', ({ getList }, _withToken, token) =>
        listAll(getList, token, appsPath(namespace, 'deployments'), {}, toDeployment),
      );
    },

    getConfigMap(namespace, name) {
      return run(`Reading ConfigMap ${namespace}/${name}`, async ({ getJson }, _withToken, token) => {
        try {
          const path = `/api/v1/namespaces/${segment(namespace)}/configmaps/${segment(name)}`;
          const map = (await getJson(path, {}, token)) as V1ConfigMap;
          return { ...(map.data ?? {}) };
        } catch (err) {
          if (err instanceof ApiException && err.code === 404) return undefined;
          throw err;
        }
      });
    },

    patchDaemonSet(namespace, name, body) {
      return run(`Patching DaemonSet ${namespace}/${name}`, async ({ apps }, withToken) =>
        toDaemonSet(
          await apps.patchNamespacedDaemonSet(
            { name, namespace, body },
            withToken(setHeaderOptions('Content-Type', PatchStrategy.StrategicMergePatch)),
          ),
        ),
      );
    },

    servesApiGroup(group) {
      return run(`Discovering API group ${group}`, async ({ discovery }, withToken) => {
        const list = await discovery.getAPIVersions({}, withToken());
        return list.groups.some((g) => g.name === group);
      });
    },

    getCustomObject(ref) {
      return run(
        `Reading ${ref.plural}.${ref.group} ${ref.namespace}/${ref.name}`,
        async ({ custom }, withToken) => {
          try {
            return (await custom.getNamespacedCustomObject(ref, withToken())) as CustomObject;
          } catch (err) {
            if (err instanceof ApiException && err.code === 404) return undefined;
            throw err;
          }
        },
      );
    },

    applyCustomObject(ref, object) {
      return run(
        `Applying ${ref.plural}.${ref.group} ${ref.namespace}/${ref.name}`,
        async ({ custom }, withToken) => {
          const { name: _name, ...where } = ref;
          const replaceSpec = () =>
            custom.patchNamespacedCustomObject(
              { ...ref, body: [{ op: 'replace', path: '/spec', value: object.spec }] },
              // The whole spec is replaced: a merge patch would keep values the new spec leaves out.
              withToken(setHeaderOptions('Content-Type', PatchStrategy.JsonPatch)),
            );
          try {
            await custom.getNamespacedCustomObject(ref, withToken());
          } catch (err) {
            if (!(err instanceof ApiException && err.code === 404)) throw err;
            try {
              await custom.createNamespacedCustomObject({ ...where, body: object }, withToken());
              return 'created' as const;
            } catch (createErr) {
              // Created meanwhile by another worker: update it like any existing one.
              if (!(createErr instanceof ApiException && createErr.code === 409)) throw createErr;
            }
          }
          await replaceSpec();
          return 'updated' as const;
        },
      );
    },

    closeIdleConnections: closeIdle,
    close,
  };
}

/** Eviction answers 429 both when a PodDisruptionBudget forbids it and when the API is merely busy. */
function blockedByBudget(err: ApiException<unknown>): boolean {
  const status = statusOf(err);
  return (
    status.details?.causes?.some((c) => c.reason === 'DisruptionBudget') === true ||
    /disruption budget/i.test(status.message ?? '')
  );
}

/**
 * Every item of a paged list, read as the API's plain JSON: the monitor lists every cluster's nodes and
 * workloads each interval, and the client's model classes would copy each object field by field.
 * Each page's items become the port's data as the page arrives, so its raw objects die at once.
 */
function listAll<T, R>(
  getList: GetList,
  token: string,
  path: string,
  query: { labelSelector?: string; fieldSelector?: string },
  to: (item: T) => R,
): Promise<R[]> {
  return allItems(async (cont) => {
    const page = await getList(path, { ...query, limit: PAGE_SIZE, continue: cont }, token);
    return { ...page, items: (page.items as T[]).map(to) };
  });
}

const segment = (s: string) => encodeURIComponent(s);

function appsPath(namespace: string | undefined, resource: string): string {
  return namespace
    ? `/apis/apps/v1/namespaces/${segment(namespace)}/${resource}`
    : `/apis/apps/v1/${resource}`;
}
