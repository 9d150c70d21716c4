import { renderCiliumValues } from '../../../../src/domain/cni/cilium-values';
import { type CniSetPlan, cniSetPlanner, planCniSet } from '../../../../src/domain/cni/cni-set-plan';
import { mergeValues } from '../../../../src/domain/cni/helm-values';
import { runningValues } from '../../../../src/domain/cni/running-values';
import { ciliumObjects } from './cni-objects.fixture';

const values = (o = {}) => {
  const r = renderCiliumValues(['10.85.0.0/16'], o);
  if (!r.ok) throw new Error('bad values');
  return r.values;
};

const plan = (over: Partial<CniSetPlan> = {}): CniSetPlan => ({
  cluster: 'gitops',
  fromVersion: '1.17.6-0',
  toVersion: '1.18.3-0',
  overrides: { operator: { replicas: 2 } },
  values: values({ operator: { replicas: 2 } }),
  previousValues: values(),
  minorUpgrade: true,
  awsNode: 'addon',
  via: 'flux',
  fluxRelease: { namespace: 'flux-system', name: 'cilium' },
  ...over,
});

describe('the cni-set planner', () => {
  it('plans Flux: aws-node first, the HelmRelease, its readiness, the rollout, then the record; a readable diff', () => {
    const p = planCniSet(plan());
    expect(p.target).toEqual({ cluster: 'gitops', kind: 'cni', name: 'cilium' });
    expect(p.steps.map((s) => s.key)).toEqual(['aws-node', 'flux-apply', 'flux-ready', 'rollout', 'record']);
    expect(p.diff).toEqual([
      { op: 'change', text: 'Cilium 1.17.6-0 → 1.18.3-0' },
      { op: 'change', text: 'operator.replicas: 1 → 2' },
    ]);
    expect(p.summary.join('\n')).toMatch(/HelmRelease `flux-system\/cilium`/);
    expect(p.summary[0]).toContain(
      "recommended hybrid values with the team's overrides `operator.replicas=2`",
    );
    expect(cniSetPlanner.parse(JSON.parse(JSON.stringify(p.plan)))).toEqual(p.plan);
  });

  it('names the hybrid nodes whose kernel is unknown and says how to read it; without any, says nothing of kernels', () => {
    const p = planCniSet(plan({ kernelUnknown: ['mi-0aaaaaaaaaaaaaaaa', 'edge-7'] }));
    expect(p.summary).toContain(
      'Cilium 1.18.3-0 needs kernel 5.10 or later; the kernel of 2 hybrid nodes is not known (mi-0aaaaaaaaaaaaaaaa, edge-7): `/hybrid doctor gitops --hosts` reads it',
    );
    expect(cniSetPlanner.parse(JSON.parse(JSON.stringify(p.plan)))).toEqual(p.plan);
    expect(planCniSet(plan()).summary.join('\n')).not.toContain('kernel');
  });

  it('plans Helm: the command goes to the requester, then the rollout is watched', () => {
    const p = planCniSet(plan({ via: 'helm', awsNode: 'daemonset', fluxRelease: undefined }));
    expect(p.steps.map((s) => s.key)).toEqual(['aws-node', 'helm-command', 'rollout', 'record']);
    expect(p.summary.join('\n')).toMatch(/privately.*preflight/);
    expect(p.summary[1]).toMatch(/patch the DaemonSet/);
  });

  it("shows every value the change moves from what runs, not only the version: the chart's two operators tolerating every taint", () => {
    // Installed by hand with the chart's defaults; the bot has recorded nothing.
    const running = ciliumObjects({ operator: { desired: 2, tolerations: [{ operator: 'Exists' }] } });
    const p = planCniSet(
      plan({
        via: 'helm',
        fluxRelease: undefined,
        overrides: {},
        values: values(),
        previousValues: mergeValues(values(), runningValues(running)),
      }),
    );
    expect(p.diff).toEqual([
      { op: 'change', text: 'Cilium 1.17.6-0 → 1.18.3-0' },
      { op: 'change', text: 'operator.replicas: 2 → 1' },
      {
        op: 'change',
        text: 'operator.tolerations: [{"operator":"Exists"}] → [{"key":"node.kubernetes.io/not-ready","operator":"Exists"},{"key":"node.cilium.io/agent-not-ready","operator":"Exists"}]',
      },
    ]);
  });

  it('shows no value that runs as wanted, however the cluster orders its keys', () => {
    const running = ciliumObjects({
      operator: {
        tolerations: [
          { operator: 'Exists', key: 'node.kubernetes.io/not-ready' },
          { operator: 'Exists', key: 'node.cilium.io/agent-not-ready' },
        ],
      },
    });
    const p = planCniSet(
      plan({
        overrides: {},
        values: values(),
        previousValues: mergeValues(values(), runningValues(running)),
      }),
    );
    expect(p.diff).toEqual([{ op: 'change', text: 'Cilium 1.17.6-0 → 1.18.3-0' }]);
  });

  it('says which chart build a bare --cilium version resolved to', () => {
    const p = planCniSet(plan({ requestedVersion: '1.18.3' }));
    expect(p.summary).toContain(
      "`--cilium 1.18.3` is AWS's chart build `1.18.3-0`, the newest of 1.18.3 in the bot's configuration",
    );
    expect(cniSetPlanner.parse(JSON.parse(JSON.stringify(p.plan)))).toEqual(p.plan);
  });
});
