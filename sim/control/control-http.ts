import { type HttpReply, jsonReply } from '../aws/http-io';
import { OperatorError } from '../fleet/operator-actions';
import type { SimulatorControl } from './control-methods';

/** `/_sim/…`: the control API over HTTP, answering JSON, errors as `{ "error": "…" }`. */
export function controlHttp(control: SimulatorControl) {
  return async (method: string, path: string, body: Buffer): Promise<HttpReply> => {
    try {
      const input = body.length > 0 ? JSON.parse(body.toString('utf8')) : {};
      const result = await dispatch(control, method, path.split('/').slice(2).map(decodeURIComponent), input);
      return jsonReply(200, result ?? { ok: true });
    } catch (e) {
      if (e instanceof SyntaxError) return jsonReply(400, { error: `body is not JSON: ${e.message}` });
      const status = e instanceof OperatorError ? e.status : 500;
      return jsonReply(status, { error: (e as Error).message });
    }
  };
}

// biome-ignore lint/suspicious/noExplicitAny: request bodies are validated by each control method.
async function dispatch(c: SimulatorControl, method: string, p: string[], input: any): Promise<unknown> {
  const [a, b, d] = p;
  const route = `${method} ${a}${b !== undefined ? '/:x' : ''}${d !== undefined ? `/${d}` : ''}`;
  switch (route) {
    case 'GET state':
      return c.state();
    case 'GET effects':
      return c.effects();
    case 'DELETE effects':
      return c.clearEffects();
    case 'POST hosts':
      return c.addHosts(input.hosts ?? []);
    case 'POST hosts/:x/bootstrap':
      return c.bootstrapHost(b!, input);
    case 'POST hosts/:x/run':
      return c.runOnHost(b!, typeof input.script === 'string' ? input.script : '');
    case 'GET hosts/:x/faults':
      return c.hostFaults(b!);
    case 'POST hosts/:x/faults':
      return c.setHostFaults(b!, input);
    case 'DELETE hosts/:x/faults':
      return c.setHostFaults(b!, { faults: [] });
    case 'POST hosts/:x/reimage':
      return c.reimageHost(b!, input);
    case 'POST nodes/:x/ready':
      if (typeof input.ready !== 'boolean')
        throw new OperatorError(400, 'body must be {"ready": true|false}');
      return c.setNodeReady(b!, input.ready, input.cluster);
    case 'POST sites/:x/outage':
      if (typeof input.down !== 'boolean') throw new OperatorError(400, 'body must be {"down": true|false}');
      return c.setSiteOutage(b!, input.down);
    case 'GET faults':
      return c.faults();
    case 'POST faults':
      return c.setFault(input);
    case 'DELETE faults':
      return c.clearFaults();
    case 'GET rate-limits':
      return c.rateLimits();
    case 'POST rate-limits':
      return c.setRateLimit(input);
    case 'DELETE rate-limits':
      return c.clearRateLimits();
    case 'GET throttles':
      return c.throttles();
    case 'DELETE throttles':
      return c.clearThrottles();
    case 'GET slack/:x':
      if (b === 'calls') return c.slackCalls();
      break;
    case 'DELETE slack/:x':
      if (b === 'calls') return c.clearSlackCalls();
      break;
    case 'POST clusters':
      return c.addClusters(input);
    case 'POST clusters/:x/hybrid-nodes':
      return c.addHybridNodes(b!, input);
    case 'POST clusters/:x/helm':
      return c.helmUpgrade(b!, input);
    case 'GET clusters/:x/helm':
      return c.helmList(b!);
    case 'POST clusters/:x/budgets': {
      const { namespace, name, maxUnavailable } = input as Record<string, unknown>;
      if (typeof name !== 'string' || !Number.isInteger(maxUnavailable) || (maxUnavailable as number) < 0)
        throw new OperatorError(
          400,
          'body must be {"namespace": "…" (default "default"), "name": "…", "maxUnavailable": n ≥ 0}',
        );
      return c.setBudget(
        b!,
        typeof namespace === 'string' ? namespace : 'default',
        name,
        maxUnavailable as number,
      );
    }
  }
  throw new OperatorError(404, `no control route ${method} /_sim/${p.join('/')}`);
}
