import type { HandlerDeps } from './handler-deps';
import { requestIdOf } from './request-id';

/** IDs come from the request: stored and logged no longer than any ID the bot itself sends. */
const MAX_ID_CHARS = 255;

/**
 * A click or submission for an ID the bot does not have (a message from an older version, or a
 * forged request), already acknowledged: audited once, so it is visible, and otherwise ignored.
 */
export async function auditIgnored(
  deps: HandlerDeps,
  what: {
    kind: 'button' | 'form';
    id: string;
    user: string;
    channel: string;
    team?: string;
    trigger?: string;
  },
): Promise<void> {
  const id = what.id.slice(0, MAX_ID_CHARS);
  const requestId = requestIdOf(what.team, what.trigger, what.kind, id);
  deps.log.info({ requestId, kind: what.kind, id }, 'ignored a request for an unknown ID');
  try {
    await deps.ledger.recordFirstDelivery(requestId, {
      at: deps.clock.now(),
      user: what.user,
      channel: what.channel,
      command: `${what.kind} ${id}`,
      outcome: 'ignored',
      detail: `no such ${what.kind}`,
    });
  } catch (err) {
    deps.log.warn({ err, requestId }, 'could not audit an ignored request');
  }
}
