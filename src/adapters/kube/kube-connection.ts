import https from 'node:https';
import type { Duplex } from 'node:stream';
import tls from 'node:tls';
import {
  ApiException,
  ApisApi,
  AppsV1Api,
  type ConfigurationOptions,
  CoreV1Api,
  CustomObjectsApi,
  createConfiguration,
  type ObservableMiddleware,
  PolicyV1Api,
  ServerConfiguration,
  setHeaderOptions,
} from '@kubernetes/client-node';
import { kubeError } from './kube-errors';
import { parseList } from './list-items';

/** Where a cluster's API server is, as DescribeCluster tells: its URL and base64 PEM CA. */
export interface KubeEndpoint {
  endpoint: string;
  caData: string;
}

export interface KubeTokens {
  token(): Promise<string>;
  invalidate(refused: string): void;
}

export interface KubeConnectionOptions {
  clusterName: string;
  connect: () => Promise<KubeEndpoint>;
  tokens: KubeTokens;
  /** How long one request may take before it is abandoned as a timeout. Default 30 s. */
  requestTimeoutMs?: number;
}

export type RequestOptions = ConfigurationOptions<ObservableMiddleware>;
export type Apis = {
  core: CoreV1Api;
  apps: AppsV1Api;
  policy: PolicyV1Api;
  custom: CustomObjectsApi;
  discovery: ApisApi;
  /** A GET whose JSON answer is read as it is, without the client's model classes (see getJson). */
  getJson: GetJson;
  /** A GET of a list, its items parsed one by one (see parseList). */
  getList: GetList;
};
type Query = Record<string, string | number | undefined>;
export type GetJson = (path: string, query: Query, token: string) => Promise<unknown>;
export type GetList = (
  path: string,
  query: Query,
  token: string,
) => Promise<{ items: unknown[]; metadata?: { continue?: string } }>;
/** Adds the current bearer token to a call's options. */
export type WithToken = (extra?: RequestOptions) => RequestOptions;

export interface KubeConnection {
  /** Runs `fn` with the cluster's API clients; errors come out as BotErrors naming `action`. */
  run<T>(action: string, fn: (apis: Apis, withToken: WithToken, token: string) => Promise<T>): Promise<T>;
  /** Closes the connections kept open for the next request; that one opens another, resuming the TLS session. */
  closeIdle(): void;
  close(): void;
}

/** Connects on first use, with the endpoint and CA from EKS; signs each request with the cluster's token. */
export function kubeConnection(options: KubeConnectionOptions): KubeConnection {
  const { clusterName, tokens } = options;
  let opened: Promise<Apis & { agent: ClusterAgent }> | undefined;

  const open = () => {
    opened ??= options.connect().then(
      (endpoint) => makeApis(endpoint, options.requestTimeoutMs ?? REQUEST_TIMEOUT_MS),
      (err) => {
        opened = undefined; // the next call asks EKS again
        throw err;
      },
    );
    return opened;
  };

  return {
    async run(action, fn) {
      const what = `${action} of cluster ${clusterName}`;
      for (let attempt = 0; ; attempt++) {
        let token: string | undefined;
        try {
          const apis = await open();
          const t = await tokens.token();
          token = t;
          return await fn(apis, (extra) => setHeaderOptions('Authorization', `Bearer ${t}`, extra), t);
        } catch (err) {
          // A refused token may have outlived its acceptance (clock skew, a long pause): sign a new one once.
          if (attempt === 0 && token && err instanceof ApiException && err.code === 401) {
            tokens.invalidate(token);
            continue;
          }
          throw kubeError(err, what, clusterName);
        }
      }
    },
    closeIdle() {
      opened?.then(
        ({ agent }) => agent.closeIdle(),
        () => undefined,
      );
    },
    close() {
      opened?.then(
        ({ agent }) => agent.destroy(),
        () => undefined,
      );
      opened = undefined;
    },
  };
}

const REQUEST_TIMEOUT_MS = 30_000;
/** Under kube-apiserver's IdleTimeout (90 s): a job's calls some seconds apart reuse one connection. */
const IDLE_CONNECTION_MS = 80_000;

function makeApis(c: KubeEndpoint, timeoutMs: number): Apis & { agent: ClusterAgent } {
  // One keep-alive agent per cluster: the client's own would open a TLS connection per request. The
  // connections a cluster's concurrent steps opened stay open for the next ones (closing all but
  // one made every step after a busy moment open a TLS connection); the monitor reads a cluster over
  // one, and closes it once done (see closeIdle). Idle ones close before the API server's own 90 s
  // idle timeout would close them under a request. The agent keeps the TLS session: a new connection
  // resumes it.
  const agent = new ClusterAgent(c.caData, {
    keepAlive: true,
    maxSockets: 16,
    maxFreeSockets: 16,
    timeout: IDLE_CONNECTION_MS,
  });
  // The client's API classes, made when first used: the monitor reads through getJson and getList
  // alone, and a thousand clusters' unused classes were some megabytes that stayed. (Methods, not
  // arrow functions in properties, here and in the Kubernetes port: a name given to an arrow function
  // is a property of its own, some 250 bytes, for each of a thousand clusters.)
  const configuration = lazily(() =>
    createConfiguration({
      baseServer: new ServerConfiguration(c.endpoint, {}),
      authMethods: {
        default: {
          getName: () => 'eks-cluster-ca',
          applySecurityAuthentication: (context) => {
            context.setAgent(agent);
            // The client sets no timeout of its own: a hung API server would hold a job forever.
            context.setSignal(AbortSignal.timeout(timeoutMs));
          },
        },
      },
    }),
  );
  const core = lazily(() => new CoreV1Api(configuration()));
  const apps = lazily(() => new AppsV1Api(configuration()));
  const policy = lazily(() => new PolicyV1Api(configuration()));
  const custom = lazily(() => new CustomObjectsApi(configuration()));
  const discovery = lazily(() => new ApisApi(configuration()));
  return {
    get core() {
      return core();
    },
    get apps() {
      return apps();
    },
    get policy() {
      return policy();
    },
    get custom() {
      return custom();
    },
    get discovery() {
      return discovery();
    },
    getJson(path, query, token) {
      return getJson(agent, c.endpoint, timeoutMs, path, query, token, (body) =>
        JSON.parse(body.toString('utf8')),
      );
    },
    getList(path, query, token) {
      return getJson(agent, c.endpoint, timeoutMs, path, query, token, (body) => parseList(body));
    },
    agent,
  };
}

/** What `make` makes, made on the first call. */
function lazily<T>(make: () => T): () => T {
  let made: T | undefined;
  return () => {
    made ??= make();
    return made;
  };
}

/**
 * An https.Agent whose TLS context (the cluster's CA) is built once for the connections opened
 * together (given `ca`, Node builds one for every new socket), and let go with them (closeIdle):
 * each context holds some 25 KB outside the JavaScript heap, which a monitor of a thousand
 * clusters kept for every cluster between its reads. The TLS session is kept, so the next
 * connection, with a new context, still resumes it.
 */
class ClusterAgent extends https.Agent {
  private context: tls.SecureContext | undefined;

  constructor(
    private readonly caData: string,
    options: https.AgentOptions,
  ) {
    super(options);
  }

  override createConnection(
    options: https.RequestOptions,
    callback?: (err: Error | null, stream: Duplex) => void,
  ): Duplex | null | undefined {
    this.context ??= tls.createSecureContext({ ca: Buffer.from(this.caData, 'base64') });
    return super.createConnection(
      { ...options, secureContext: this.context } as https.RequestOptions,
      callback,
    );
  }

  /** Closes the idle connections; the context goes with them unless one is still in use. */
  closeIdle(): void {
    for (const sockets of Object.values(this.freeSockets)) for (const s of sockets ?? []) s.destroy();
    this.context = undefined;
  }
}

/**
 * A GET answered with JSON, parsed as it is. The client's model classes copy every field of every
 * object into class instances, which for a list of thousands of nodes costs more than the request;
 * the adapters read plain fields either way. Errors come out as the client's own ApiException.
 */
function getJson<T>(
  agent: ClusterAgent,
  endpoint: string,
  timeoutMs: number,
  path: string,
  query: Query,
  token: string,
  parse: (body: Buffer) => T,
): Promise<T> {
  const url = new URL(path, endpoint);
  for (const [k, v] of Object.entries(query))
    if (v !== undefined && v !== '') url.searchParams.set(k, String(v));
  return new Promise((resolve, reject) => {
    // A timer cleared with the answer, not AbortSignal.timeout: each such signal outlived its request
    // by the whole timeout, and, held by a WeakRef, every young collection, six a cluster each sweep.
    const timer = setTimeout(
      () => req.destroy(new DOMException(`No answer in ${timeoutMs} ms`, 'TimeoutError')),
      timeoutMs,
    );
    const fail = (err: unknown) => {
      clearTimeout(timer);
      reject(err);
    };
    const req = https.request(
      url,
      { agent, headers: { Accept: 'application/json', Authorization: `Bearer ${token}` } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', fail);
        res.on('end', () => {
          clearTimeout(timer);
          const body = Buffer.concat(chunks);
          const code = res.statusCode ?? 0;
          if (code < 200 || code > 299) {
            const text = body.toString('utf8');
            reject(new ApiException(code, `HTTP ${code}`, text, res.headers as Record<string, string>));
            return;
          }
          try {
            resolve(parse(body));
          } catch (err) {
            reject(err);
          }
        });
      },
    );
    req.on('error', fail);
    req.end();
  });
}

/** Large clusters are listed in pages, as kubectl does, so no single answer grows without bound. */
export const PAGE_SIZE = 500;

/**
 * Every item of a paged list. The pages form one snapshot; when the snapshot expires between pages
 * (410, as after etcd compaction), the list starts again rather than mix two moments.
 */
export async function allItems<T>(
  // `_continue` as the client's models name it, `continue` as the API's JSON does.
  list: (
    cont: string | undefined,
  ) => Promise<{ items: T[]; metadata?: { _continue?: string; continue?: string } }>,
): Promise<T[]> {
  for (let attempt = 1; ; attempt++) {
    const all: T[] = [];
    let cont: string | undefined;
    try {
      do {
        const page = await list(cont);
        all.push(...page.items);
        cont = page.metadata?._continue || page.metadata?.continue || undefined;
      } while (cont);
      return all;
    } catch (err) {
      const expired = cont !== undefined && err instanceof ApiException && err.code === 410;
      if (!expired || attempt >= 3) throw err;
    }
  }
}
