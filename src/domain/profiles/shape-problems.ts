import type { z } from 'zod';
import { clusterProfileSchema } from './profile';
import { describePath, type LocatedProblem, type PathSegments, valueAt } from './profile-path';
import { didYouMean } from './suggest';

/** What to write where a required field is missing, so the message says what to do. */
const HINTS: Record<string, string> = {
  apiVersion: 'write apiVersion: hybrid-bot.io/v1',
  kind: 'write kind: ClusterProfile',
  metadata: 'add metadata with name and version',
  'metadata.name': 'name the profile, e.g. edge-standard',
  'metadata.version': 'give the profile a SemVer version, e.g. 1.0.0',
  spec: 'add spec with os and kubernetes',
  'spec.os': 'add os with mode (agent or appliance)',
  'spec.os.mode': 'write agent (the host keeps its OS) or appliance (the host is imaged)',
  'spec.kubernetes': 'add kubernetes with version and containerdSource',
  'spec.kubernetes.version': 'write the EKS Distro minor in quotes, e.g. "1.31"',
  'spec.kubernetes.containerdSource': 'write distro, docker or none',
};

/** The schema's complaints (types, required fields, allowed values, unknown keys) in plain words. */
export function shapeProblems(input: unknown, issues: readonly z.core.$ZodIssue[]): LocatedProblem[] {
  return issues.flatMap((issue) => fromIssue(input, issue));
}

function fromIssue(input: unknown, issue: z.core.$ZodIssue): LocatedProblem[] {
  const segments = issue.path.filter((s): s is string | number => typeof s !== 'symbol');
  const where = describePath(segments);
  const value = valueAt(input, segments);
  switch (issue.code) {
    case 'unrecognized_keys':
      return issue.keys.map((key) => ({
        segments: [...segments, key],
        atKey: true,
        message: `${describePath([...segments, key])} is not a profile field: remove it.${didYouMean(key, knownKeys(segments))}`,
      }));
    case 'invalid_value': {
      if (value === undefined) return [{ segments, message: typeMessage(where, segments, 'string', value) }];
      const allowed = issue.values.map(String);
      const tried = typeof value === 'string' ? value : JSON.stringify(value);
      const hint = typeof value === 'string' && allowed.length > 1 ? didYouMean(value, allowed) : '';
      return [
        {
          segments,
          message: `${where} is ${tried}: use ${allowed.length === 1 ? allowed[0] : `one of ${allowed.join(', ')}`}.${hint}`,
        },
      ];
    }
    case 'invalid_type':
      return [{ segments, message: typeMessage(where, segments, issue.expected, value) }];
    default:
      return [{ segments, message: `${where}: ${issue.message}.` }];
  }
}

function typeMessage(where: string, segments: PathSegments, expected: string, value: unknown): string {
  const key = segments.filter((s) => typeof s === 'string').join('.');
  const hint = Object.hasOwn(HINTS, key) ? HINTS[key] : undefined;
  if (value === undefined || value === null) {
    if (segments.length === 0) {
      return 'The profile is empty: write a ClusterProfile with apiVersion, kind, metadata and spec.';
    }
    return `${where} is required${hint ? `: ${hint}.` : '.'}`;
  }
  if (expected === 'string' && typeof value === 'number') {
    return `${where} must be text: write it in quotes (YAML reads 1.30 unquoted as the number 1.3).`;
  }
  const wanted =
    expected === 'object' || expected === 'record'
      ? 'a mapping (key: value)'
      : expected === 'array'
        ? 'a list'
        : expected;
  const found = Array.isArray(value)
    ? 'a list'
    : typeof value === 'object'
      ? 'a mapping'
      : `${typeof value} ${JSON.stringify(value)}`;
  if (segments.length === 0)
    return `The profile must be a YAML mapping (apiVersion, kind, metadata, spec), found ${found}.`;
  return `${where} must be ${wanted}, found ${found}${hint ? `: ${hint}` : ''}.`;
}

/** The field names the schema allows at a path, for "did you mean". */
function knownKeys(segments: PathSegments): string[] {
  let schema: unknown = clusterProfileSchema;
  for (const segment of segments) {
    schema = shapeOf(schema)?.[segment];
  }
  return Object.keys(shapeOf(schema) ?? {});
}

function shapeOf(schema: unknown): Record<string | number, unknown> | undefined {
  let current = schema as { unwrap?: () => unknown; shape?: Record<string, unknown> } | undefined;
  while (current && typeof current.unwrap === 'function' && current.shape === undefined) {
    current = current.unwrap() as typeof current;
  }
  return current?.shape;
}
