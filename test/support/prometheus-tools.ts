import { execFileSync } from 'node:child_process';

/**
 * The path of a Prometheus tool (`prometheus`, `promtool`) from Debian's `prometheus` package, which
 * .ci/run installs. Missing, it fails the test that needs it with what to do: a skipped check would
 * pass CI without checking anything.
 */
export function prometheusTool(name: 'prometheus' | 'promtool'): string {
  try {
    return execFileSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).trim();
  } catch {
    throw new Error(
      `${name} is not on PATH: install Debian's prometheus package (apt-get install -y prometheus)`,
    );
  }
}
