import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { formatIssues } from './format-issues';
import { type Scenario, type ScenarioInput, scenarioSchema } from './schema';

export const DEMO_SCENARIO_PATH = join(__dirname, '..', 'scenarios', 'demo.yaml');

/** A scenario from a YAML file path or an object; invalid ones fail with one line per problem. */
export function loadScenario(source: string | ScenarioInput | undefined): Scenario {
  const path = typeof source === 'string' ? source : source === undefined ? DEMO_SCENARIO_PATH : undefined;
  const raw = path ? parse(readFileSync(path, 'utf8')) : source;
  const result = scenarioSchema.safeParse(raw ?? {});
  if (!result.success) {
    throw new Error(`Invalid scenario${path ? ` ${path}` : ''}:\n${formatIssues(result.error.issues)}`);
  }
  return result.data;
}
