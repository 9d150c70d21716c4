import { parseCsv } from './csv';
import {
  type ClusterInfo,
  describeFieldErrors,
  type HostRegistration,
  validateHostRegistration,
} from './host-registration';

export const BULK_MAX_HOSTS = 500;
export const BULK_COLUMNS = 'name,site,ip[,auth,arch]';

export interface BulkRowError {
  /** The line of the pasted text or file where the row starts. */
  line: number;
  message: string;
}

export type BulkParseResult = { ok: true; hosts: HostRegistration[] } | { ok: false; errors: BulkRowError[] };

export interface BulkOptions {
  cluster: string;
  clusters: readonly ClusterInfo[];
  existingHostNames: readonly string[];
  kubernetesVersion?: string;
}

/**
 * Parses pasted CSV rows `name,site,ip[,auth,arch]` for one cluster. Every row is checked and all
 * problems are returned together, so nothing is created unless every row is good.
 */
export function parseBulkHosts(text: string, options: BulkOptions): BulkParseResult {
  const parsed = parseCsv(text);
  if (!parsed.ok) return { ok: false, errors: [{ line: parsed.line, message: parsed.problem }] };
  const rows = parsed.records.filter(({ fields }) => {
    const first = (fields[0] ?? '').trim();
    return !(fields.every((f) => f.trim() === '') || first.startsWith('#'));
  });
  if (rows[0] && rows[0].fields[0]?.trim().toLowerCase() === 'name') rows.shift();
  if (rows.length === 0) {
    return {
      ok: false,
      errors: [{ line: 1, message: `No hosts found: paste one host per line as ${BULK_COLUMNS}.` }],
    };
  }
  if (rows.length > BULK_MAX_HOSTS) {
    return {
      ok: false,
      errors: [
        {
          line: 1,
          message: `${rows.length} hosts given; at most ${BULK_MAX_HOSTS} at once: split the list.`,
        },
      ],
    };
  }

  const errors: BulkRowError[] = [];
  const hosts: HostRegistration[] = [];
  const firstLineOfName = new Map<string, number>();
  const firstLineOfIp = new Map<string, number>();
  for (const { line, fields } of rows) {
    const cells = fields.map((f) => f.trim());
    if (cells.length < 3 || cells.length > 5) {
      errors.push({ line, message: `Row has ${cells.length} columns; expected ${BULK_COLUMNS}.` });
      continue;
    }
    const [name = '', site = '', ip = '', auth, arch] = cells;
    const problems: string[] = [];
    const result = validateHostRegistration(
      {
        name,
        cluster: options.cluster,
        site,
        ip,
        ...(auth ? { auth } : {}),
        ...(arch ? { arch } : {}),
        ...(options.kubernetesVersion ? { kubernetesVersion: options.kubernetesVersion } : {}),
      },
      options.clusters,
      options.existingHostNames,
    );
    if (!result.ok) problems.push(describeFieldErrors(result.errors));
    const seenName = firstLineOfName.get(name);
    if (seenName !== undefined)
      problems.push(`${name} is also on line ${seenName}: host names must be unique.`);
    else if (name) firstLineOfName.set(name, line);
    const seenIp = firstLineOfIp.get(ip);
    if (seenIp !== undefined)
      problems.push(`${ip} is also on line ${seenIp}: each host needs its own address.`);
    else if (ip) firstLineOfIp.set(ip, line);
    if (problems.length > 0) errors.push({ line, message: problems.join(' ') });
    else if (result.ok) hosts.push(result.registration);
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, hosts };
}

/** The errors as lines for a message or a modal field: `Line 4: …`. */
export function describeBulkErrors(errors: readonly BulkRowError[]): string[] {
  return errors.map((error) => `Line ${error.line}: ${error.message}`);
}
