import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

/** What `npm run demo` leaves for `npm run slack` and `npm run sim-host`: where to reach it, how to sign. */
export interface DemoSession {
  botUrl: string;
  signingSecret: string;
  simUrl: string;
  slackUrl: string;
}

export const NO_DEMO = 'No demo is running: start it with `npm run demo` (in another terminal).';

/** `.demo/` in the checkout, or HYBRID_DEMO_DIR (the tests run demos in a temporary directory). */
export function demoDir(): string {
  return process.env.HYBRID_DEMO_DIR ?? join(__dirname, '..', '..', '.demo');
}

export function sessionFile(): string {
  return join(demoDir(), 'session.json');
}

/**
 * The running demo's session, or undefined when there is none: no file, an unreadable one, or one left
 * behind by a demo that has stopped (its bot no longer answers).
 */
export async function runningSession(): Promise<DemoSession | undefined> {
  const file = sessionFile();
  if (!existsSync(file)) return undefined;
  let session: DemoSession;
  try {
    session = JSON.parse(readFileSync(file, 'utf8')) as DemoSession;
  } catch {
    return undefined;
  }
  if (typeof session.botUrl !== 'string' || typeof session.simUrl !== 'string') return undefined;
  try {
    const res = await fetch(`${session.botUrl}/healthz`, { signal: AbortSignal.timeout(2000) });
    return res.ok ? session : undefined;
  } catch {
    return undefined;
  }
}

export function removeSession(): void {
  rmSync(sessionFile(), { force: true });
}
