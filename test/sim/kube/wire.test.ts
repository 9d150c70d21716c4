import https from 'node:https';
import { CLOUD_NODE, SSM_NODE, startDemoCluster } from './demo-cluster';

type Cluster = Awaited<ReturnType<typeof startDemoCluster>>;
interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: () => Record<string, unknown> & { [k: string]: unknown };
}

/** A bare HTTPS request, to check what goes over the wire beyond what client libraries expose. */
function request(
  cluster: Cluster,
  token: string | undefined,
  method: string,
  path: string,
  opts: { body?: unknown; headers?: Record<string, string>; onData?: (text: string) => void } = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = https.request(
      `${cluster.server.url}${path}`,
      {
        method,
        ca: cluster.ca.caCertPem,
        headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), ...opts.headers },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          text += chunk;
          opts.onData?.(text);
        });
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json: () => JSON.parse(text) }),
        );
      },
    );
    req.on('error', reject);
    req.end(opts.body === undefined ? undefined : JSON.stringify(opts.body));
  });
}

const TABLE = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json';
const lines = (text: string) =>
  text
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { type: string; object: { metadata: { name: string }; code?: number } });

describe('the simulated Kubernetes API on the wire', () => {
  let cluster: Cluster;
  let token: string;
  beforeEach(async () => {
    cluster = await startDemoCluster();
    token = await cluster.token();
  });
  afterEach(() => cluster.server.close());

  it('answers 401 with an Unauthorized Status that says why', async () => {
    const answer = await request(cluster, undefined, 'GET', '/api/v1/nodes');
    expect(answer.status).toBe(401);
    expect(answer.json()).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'Unauthorized',
      reason: 'Unauthorized',
      details: { causes: [{ reason: 'Unauthorized', message: 'No bearer token was presented.' }] },
      code: 401,
    });
  });

  it('keeps an idle connection open 90 s, as kube-apiserver does, so a client back within the minute reuses it', async () => {
    const answer = await request(cluster, token, 'GET', '/api/v1/nodes', {
      headers: { Connection: 'keep-alive' },
    });
    expect(answer.status).toBe(200);
    expect(answer.headers.connection).toBe('keep-alive');
    expect(answer.headers['keep-alive']).toBe('timeout=90');
  });

  it('serves discovery for core, apps and policy, with the eviction subresource', async () => {
    expect((await request(cluster, token, 'GET', '/api')).json()).toMatchObject({
      kind: 'APIVersions',
      versions: ['v1'],
    });
    const groups = (await request(cluster, token, 'GET', '/apis')).json().groups as { name: string }[];
    expect(groups.map((g) => g.name)).toEqual(['apps', 'policy']);
    const core = (await request(cluster, token, 'GET', '/api/v1')).json().resources as {
      name: string;
      group?: string;
    }[];
    expect(core.map((r) => r.name)).toEqual(
      expect.arrayContaining(['nodes', 'pods', 'namespaces', 'pods/eviction', 'nodes/status']),
    );
    expect(core.find((r) => r.name === 'pods/eviction')).toMatchObject({
      group: 'policy',
      version: 'v1',
      kind: 'Eviction',
    });
    const apps = (await request(cluster, token, 'GET', '/apis/apps/v1')).json();
    expect(apps).toMatchObject({ kind: 'APIResourceList', groupVersion: 'apps/v1' });
    const missing = await request(cluster, token, 'GET', '/openapi/v2');
    expect(missing.status).toBe(404);
    expect(missing.json()).toMatchObject({ kind: 'Status', reason: 'NotFound' });
  });

  it('prints nodes as a Table when asked, with partial metadata or the whole object', async () => {
    const table = (
      await request(cluster, token, 'GET', '/api/v1/nodes', { headers: { Accept: TABLE } })
    ).json();
    expect(table.kind).toBe('Table');
    const columns = (table.columnDefinitions as { name: string; priority: number }[])
      .filter((c) => c.priority === 0)
      .map((c) => c.name);
    expect(columns).toEqual(['Name', 'Status', 'Roles', 'Age', 'Version']);
    const rows = table.rows as { cells: unknown[]; object: { kind: string; metadata: { name: string } } }[];
    expect(rows[1]?.cells.slice(0, 3)).toEqual([CLOUD_NODE, 'Ready', '<none>']);
    expect(rows[1]?.object).toMatchObject({ kind: 'PartialObjectMetadata', metadata: { name: CLOUD_NODE } });
    const one = (
      await request(cluster, token, 'GET', `/api/v1/nodes/${SSM_NODE}?includeObject=Object`, {
        headers: { Accept: TABLE },
      })
    ).json();
    expect((one.rows as { object: { kind: string } }[])[0]?.object.kind).toBe('Node');
  });

  it('creates objects (201), refuses duplicates (409 AlreadyExists) and stale replaces (409 Conflict)', async () => {
    const ns = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'edge' } };
    const created = await request(cluster, token, 'POST', '/api/v1/namespaces', { body: ns });
    expect(created.status).toBe(201);
    expect(created.json()).toMatchObject({
      metadata: { name: 'edge', uid: expect.any(String), resourceVersion: expect.any(String) },
    });
    const again = await request(cluster, token, 'POST', '/api/v1/namespaces', { body: ns });
    expect(again.json()).toMatchObject({
      code: 409,
      reason: 'AlreadyExists',
      message: 'namespaces "edge" already exists',
    });
    const stale = await request(cluster, token, 'PUT', '/api/v1/namespaces/edge', {
      body: { ...ns, metadata: { name: 'edge', resourceVersion: '1', labels: { a: 'b' } } },
    });
    expect(stale.json()).toMatchObject({ code: 409, reason: 'Conflict' });
  });

  it('refuses patches of an unknown media type with 415', async () => {
    const answer = await request(cluster, token, 'PATCH', `/api/v1/nodes/${SSM_NODE}`, {
      body: { spec: { unschedulable: true } },
      headers: { 'Content-Type': 'application/json' },
    });
    expect(answer.status).toBe(415);
    expect(answer.json().reason).toBe('UnsupportedMediaType');
  });

  it('changes only status through the status subresource', async () => {
    const answer = await request(cluster, token, 'PATCH', `/api/v1/nodes/${SSM_NODE}/status`, {
      body: { spec: { unschedulable: true }, status: { conditions: [{ type: 'Ready', status: 'False' }] } },
      headers: { 'Content-Type': 'application/merge-patch+json' },
    });
    expect(answer.status).toBe(200);
    const node = cluster.store.get('nodes', SSM_NODE)!;
    expect(node.status.conditions).toEqual([{ type: 'Ready', status: 'False' }]);
    expect(node.spec.unschedulable).toBeUndefined();
  });

  it('starts a watch without resourceVersion with the current objects as ADDED, and ends it after timeoutSeconds', async () => {
    const started = Date.now();
    const answer = await request(
      cluster,
      token,
      'GET',
      '/api/v1/namespaces/shop/pods?watch=1&timeoutSeconds=1',
    );
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(lines(answer.text).map((e) => `${e.type} ${e.object.metadata.name}`)).toEqual([
      'ADDED web-1',
      'ADDED web-2',
    ]);
  });

  it('answers a watch from a forgotten resourceVersion with a 410 Expired ERROR event', async () => {
    for (let i = 0; i < 5001; i++) {
      cluster.store.update('nodes', SSM_NODE, undefined, (n) => {
        n.metadata.labels!.counter = String(i);
      });
    }
    const answer = await request(cluster, token, 'GET', '/api/v1/nodes?watch=true&resourceVersion=2');
    expect(lines(answer.text)).toEqual([
      { type: 'ERROR', object: expect.objectContaining({ code: 410, reason: 'Expired' }) },
    ]);
  });

  it('closes while a watch is open, ending the stream', async () => {
    let opened: () => void = () => {};
    const isOpen = new Promise<void>((resolve) => {
      opened = resolve;
    });
    const watching = request(cluster, token, 'GET', '/api/v1/nodes?watch=1', { onData: () => opened() });
    await isOpen;
    await cluster.server.close();
    expect(lines((await watching).text)).toHaveLength(3);
  });
});
