import type { KubeletFieldKind } from './kubelet-config-fields';
import type { LocatedProblem, PathSegments } from './profile-path';

/** Go's time.ParseDuration, which kubelet uses for metav1.Duration: "30s", "1m30s", "0". */
const GO_DURATION = /^[-+]?(0|((\d+(\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h))+)$/;

const WHAT: Record<KubeletFieldKind, string> = {
  string: 'text',
  boolean: 'true or false',
  integer: 'a whole number',
  number: 'a number',
  duration: 'a duration such as 30s or 1m30s',
  'string-map': 'a mapping of text values (quote numbers, e.g. cpu: "1")',
  'boolean-map': 'a mapping of true/false values',
  'string-list': 'a list of text',
  'integer-list': 'a list of whole numbers',
  list: 'a list',
  mapping: 'a mapping (key: value)',
};

/** A value kubelet cannot decode for the field's Go type: kubelet would not start on that node. */
export function kubeletValueProblems(
  field: string,
  kind: KubeletFieldKind,
  value: unknown,
  at: PathSegments,
): LocatedProblem[] {
  if (fits(kind, value)) return [];
  return [
    {
      segments: at,
      message: `kubelet config ${field} must be ${WHAT[kind]}, found ${describe(value)}: kubelet would refuse to start with it.`,
    },
  ];
}

function fits(kind: KubeletFieldKind, value: unknown): boolean {
  switch (kind) {
    case 'string':
      return typeof value === 'string';
    case 'boolean':
      return typeof value === 'boolean';
    case 'integer':
      return Number.isSafeInteger(value);
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'duration':
      return typeof value === 'string' && GO_DURATION.test(value);
    case 'string-map':
      return isMapping(value) && Object.values(value).every((v) => typeof v === 'string');
    case 'boolean-map':
      return isMapping(value) && Object.values(value).every((v) => typeof v === 'boolean');
    case 'string-list':
      return Array.isArray(value) && value.every((v) => typeof v === 'string');
    case 'integer-list':
      return Array.isArray(value) && value.every((v) => Number.isSafeInteger(v));
    case 'list':
      return Array.isArray(value);
    case 'mapping':
      return isMapping(value);
  }
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (value === null) return 'nothing (null)';
  if (isMapping(value)) {
    const bad = Object.entries(value).find(([, v]) => typeof v !== 'string' && typeof v !== 'boolean');
    return bad ? `${bad[0]}: ${JSON.stringify(bad[1])}` : 'a mapping';
  }
  return `${typeof value} ${JSON.stringify(value)}`;
}
