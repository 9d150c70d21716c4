import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { fileSchema } from '../../src/config/schema';
import { productionRecipe } from '../support/dockerfile';
import { kubernetesProblems } from '../support/kubernetes-schemas';

// deploy/kubernetes as `kubectl apply -k` applies it: every manifest the API would accept, and the
// promises the README makes about them (probes, non-root, read-only root, Secrets, the image's modes).
const DIR = join(__dirname, '..', '..', 'deploy', 'kubernetes');

// biome-ignore lint/suspicious/noExplicitAny: manifests are free-form YAML, checked field by field here
type Manifest = Record<string, any>;

function manifestsIn(dir: string): { file: string; doc: Manifest }[] {
  const kustomization = parse(readFileSync(join(dir, 'kustomization.yaml'), 'utf8')) as Manifest;
  return (kustomization.resources as string[]).flatMap((file) =>
    parseAllDocuments(readFileSync(join(dir, file), 'utf8')).map((d) => ({
      file,
      doc: d.toJS() as Manifest,
    })),
  );
}

const applied = manifestsIn(DIR);
const optional = manifestsIn(join(DIR, 'servicemonitor'));
const all = [...applied, ...optional];
const ofKind = (kind: string) => applied.map((m) => m.doc).filter((d) => d.kind === kind);
const deployments = ofKind('Deployment');
const named = (name: string) => deployments.find((d) => d.metadata.name === name) as Manifest;
const containerOf = (d: Manifest) => d.spec.template.spec.containers[0] as Manifest;
const envOf = (c: Manifest, name: string) => (c.env as Manifest[]).find((e) => e.name === name);

it('every YAML file in deploy/kubernetes is applied by its kustomization or its ServiceMonitor component', () => {
  const listed = new Set([...applied.map((m) => m.file), 'kustomization.yaml']);
  expect(readdirSync(DIR).filter((f) => f.endsWith('.yaml') && !listed.has(f))).toEqual([]);
  expect(optional.map((m) => m.doc.kind)).toEqual(['ServiceMonitor']);
  expect(applied.map((m) => m.doc.kind)).not.toContain('ServiceMonitor');
});

it.each(all.map((m) => [`${m.file}: ${m.doc.kind} ${m.doc.metadata?.name}`, m.doc]))(
  '%s is valid against the Kubernetes API schema',
  (_name, doc) => {
    expect(kubernetesProblems(doc)).toEqual([]);
  },
);

it('the schema check catches a wrong type, a missing field and a misspelt field', () => {
  const web = structuredClone(named('hybrid-bot-web'));
  containerOf(web).ports[0].containerPort = 'http';
  delete web.spec.selector;
  containerOf(web).readinesProbe = containerOf(web).readinessProbe;
  const problems = kubernetesProblems(web).join('\n');
  expect(problems).toContain('containerPort must be integer');
  expect(problems).toContain('data/spec must have required property selector');
  expect(problems).toContain('unknown field Deployment.spec.template.spec.containers[0].readinesProbe');
});

describe.each([
  ['hybrid-bot-web', 'web'],
  ['hybrid-bot-worker', 'worker'],
])('%s', (name, mode) => {
  const deployment = named(name);
  const pod = deployment.spec.template.spec as Manifest;
  const container = containerOf(deployment);
  const port = Number(envOf(container, 'PORT')?.value);
  const recipe = productionRecipe();

  it(`runs the image's entry point in ${mode} mode, as the production-install test does`, () => {
    expect(container.command).toBeUndefined();
    expect(container.args).toEqual([mode]);
    expect(recipe.defaultArgs.length).toBe(1);
  });

  it('probes /healthz for liveness and start-up and /readyz for readiness, on the port PORT names', () => {
    const portNamed = (p: string | number) =>
      typeof p === 'number' ? p : (container.ports as Manifest[]).find((x) => x.name === p)?.containerPort;
    expect(container.livenessProbe.httpGet.path).toBe('/healthz');
    expect(container.startupProbe.httpGet.path).toBe('/healthz');
    expect(container.readinessProbe.httpGet.path).toBe('/readyz');
    for (const probe of ['livenessProbe', 'startupProbe', 'readinessProbe']) {
      expect(portNamed(container[probe].httpGet.port)).toBe(port);
    }
  });

  it("runs as the image's non-root user, read-only, with no privilege to gain", () => {
    expect(recipe.user).toBe('node');
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 1000 });
    expect(container.securityContext).toMatchObject({
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'] },
    });
    // tsx compiles into the temporary directory: it must be writable.
    const tmp = (container.volumeMounts as Manifest[]).find((m) => m.mountPath === '/tmp');
    expect((pod.volumes as Manifest[]).find((v) => v.name === tmp?.name)?.emptyDir).toBeDefined();
    expect(pod.automountServiceAccountToken).toBe(false);
  });

  it('reads the Slack tokens, signing secret and where Redis is from a Secret, never from the manifest', () => {
    for (const variable of [
      'SLACK_BOT_TOKEN',
      'SLACK_SIGNING_SECRET',
      'HYBRID_BOT_SECRET_KEY',
      'REDIS_URL',
      'REDIS_SENTINELS',
      'REDIS_SENTINEL_NAME',
      'REDIS_PASSWORD',
      'REDIS_SENTINEL_PASSWORD',
    ]) {
      const env = envOf(container, variable);
      expect({ variable, value: env?.value, secret: env?.valueFrom?.secretKeyRef?.name }).toEqual({
        variable,
        value: undefined,
        secret: 'hybrid-bot',
      });
    }
    // One Redis or Sentinels: the Secret holds the keys of one way, and a missing key must not stop the pod.
    for (const variable of ['REDIS_URL', 'REDIS_SENTINELS', 'REDIS_SENTINEL_NAME', 'REDIS_PASSWORD']) {
      expect({ variable, optional: envOf(container, variable)?.valueFrom?.secretKeyRef?.optional }).toEqual({
        variable,
        optional: true,
      });
    }
  });

  it('reads a configuration the bot accepts from the ConfigMap mounted where HYBRID_BOT_CONFIG says', () => {
    const path = envOf(container, 'HYBRID_BOT_CONFIG')?.value as string;
    const mount = (container.volumeMounts as Manifest[]).find((m) => path.startsWith(`${m.mountPath}/`));
    const volume = (pod.volumes as Manifest[]).find((v) => v.name === mount?.name);
    const configMap = ofKind('ConfigMap').find((c) => c.metadata.name === volume?.configMap?.name);
    const text = configMap?.data?.[path.slice(`${mount?.mountPath}/`.length)];
    expect(fileSchema.safeParse(parse(text ?? 'null')).error).toBeUndefined();
  });

  it('asks for CPU and memory and caps memory', () => {
    expect(container.resources.requests).toEqual({ cpu: expect.any(String), memory: expect.any(String) });
    expect(container.resources.limits.memory).toEqual(expect.any(String));
  });

  it('has a PodDisruptionBudget and a Service that select its pods and name ports it has', () => {
    const labels = deployment.spec.template.metadata.labels as Record<string, string>;
    const selects = (selector: Record<string, string>) =>
      Object.entries(selector).every(([k, v]) => labels[k] === v);
    expect(ofKind('PodDisruptionBudget').filter((p) => selects(p.spec.selector.matchLabels))).toHaveLength(1);
    const service = ofKind('Service').find((s) => selects(s.spec.selector)) as Manifest;
    const ports = (container.ports as Manifest[]).map((p) => p.name);
    for (const p of service.spec.ports as Manifest[]) expect(ports).toContain(p.targetPort);
    expect(service.spec.ports.map((p: Manifest) => p.name)).toContain('metrics');
  });
});

it("the optional ServiceMonitor scrapes the Services' metrics port", () => {
  const monitor = optional[0]?.doc as Manifest;
  const services = ofKind('Service').filter((s) =>
    Object.entries(monitor.spec.selector.matchLabels).every(([k, v]) => s.metadata.labels?.[k] === v),
  );
  expect(services.map((s) => s.metadata.name).sort()).toEqual(['hybrid-bot-web', 'hybrid-bot-worker']);
  for (const s of services)
    expect(s.spec.ports.map((p: Manifest) => p.name)).toContain(monitor.spec.endpoints[0].port);
});
