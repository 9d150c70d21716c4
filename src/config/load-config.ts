import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { type EnvConfig, envSchema, type FileConfig, fileSchema } from './schema';

export type Config = { env: EnvConfig } & FileConfig;

/** Every problem found in the configuration, one line each, naming the variable or YAML path. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Configuration is not valid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export function loadConfig(
  env: NodeJS.ProcessEnv = process.env,
  readFile: (path: string) => string = (p) => readFileSync(p, 'utf8'),
): Config {
  const problems: string[] = [];
  const envResult = envSchema.safeParse(env);
  if (!envResult.success) problems.push(...describeIssues(envResult.error, 'environment variable '));

  let file: FileConfig | undefined;
  const path = env.HYBRID_BOT_CONFIG;
  if (path) {
    const raw = readConfigFile(path, readFile, problems);
    if (raw !== undefined) {
      const fileResult = fileSchema.safeParse(raw);
      if (fileResult.success) file = fileResult.data;
      else problems.push(...describeIssues(fileResult.error, `${path}: `));
    }
  }
  if (problems.length > 0 || !envResult.success || !file) throw new ConfigError(problems);
  return { env: envResult.data, ...file };
}

function readConfigFile(path: string, readFile: (p: string) => string, problems: string[]): unknown {
  let text: string;
  try {
    text = readFile(path);
  } catch (err) {
    problems.push(
      `HYBRID_BOT_CONFIG: cannot read ${path} (${(err as NodeJS.ErrnoException).code ?? 'error'})`,
    );
    return undefined;
  }
  try {
    return parseYaml(text) ?? {};
  } catch (err) {
    problems.push(`${path}: not valid YAML: ${(err as Error).message.split('\n')[0]}`);
    return undefined;
  }
}

function describeIssues(error: z.ZodError, prefix: string): string[] {
  return error.issues.map((issue) => {
    const where = issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('');
    const name = where.replace(/^\./, '') || '(top level)';
    const message =
      issue.code === 'invalid_type' && issue.input === undefined ? 'is required' : issue.message;
    return `${prefix}${name} ${message}`;
  });
}
