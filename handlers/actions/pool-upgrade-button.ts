import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { section } from '../../src/blocks/elements';
import { escapeMrkdwn } from '../../src/blocks/mrkdwn';
import { type PoolTarget, poolUpgradeModal, readPoolTarget } from '../../src/blocks/pools/pool-upgrade-modal';
import { refusedMessage } from '../../src/blocks/simple-messages';
import { specOf } from '../../src/domain/commands';
import { upgradeTargets } from '../../src/domain/rollouts/pool-upgrade-form';
import { hasRole, roleOfUser } from '../authorize';
import type { HandlerDeps } from '../handler-deps';
import { requestIdOf } from '../request-id';

type Args = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;
type Decision = { outcome: string; detail?: string; say?: string; view?: Record<string, unknown> };

/**
 * Upgrade on `pool show`: operators get the upgrade form, built here from Redis reads only (the
 * control plane's version too, as jobs last read it) because the trigger_id is valid for 3 s (as `/hybrid pool create` opens its form); the submission then runs
 * the `pool upgrade` command's job. Viewers are told which role it needs.
 */
export function poolUpgradeButton(deps: HandlerDeps) {
  return async ({ ack, body, action, respond, client }: Args): Promise<void> => {
    const user = body.user.id;
    const requestId = requestIdOf(body.team?.id, body.trigger_id, action.action_id, action.action_ts);
    const target = readPoolTarget(action.value);
    const decision = await decide(deps, user, target);
    const entry = {
      at: deps.clock.now(),
      user,
      channel: body.channel?.id ?? user,
      command: `pool upgrade button: ${target ? `${target.pool} (${target.cluster})` : 'a value not made by the bot'}`,
      outcome: decision.outcome,
      ...(decision.detail ? { detail: decision.detail } : {}),
    };
    // Audited once; a redelivered click opens nothing a second time.
    if (!(await deps.ledger.recordFirstDelivery(requestId, entry))) return void (await ack());
    await ack();
    if (decision.view) {
      await client.views
        .open({ trigger_id: body.trigger_id, view: decision.view as never })
        .catch((err: Error) => deps.log.warn({ err: err.message, requestId }, 'could not open the form'));
      return;
    }
    const text = decision.say ?? '';
    await respond({
      response_type: 'ephemeral',
      replace_original: false,
      text,
      blocks: [section(text)],
    }).catch((err: Error) => deps.log.warn({ err: err.message, requestId }, 'could not answer a click'));
  };
}

async function decide(deps: HandlerDeps, user: string, target: PoolTarget | undefined): Promise<Decision> {
  const role = await roleOfUser(user, deps);
  const spec = specOf('pool upgrade');
  if (!hasRole(role, spec.role)) {
    return {
      outcome: 'refused',
      detail: `needs ${spec.role}, has ${role ?? 'no role'}`,
      say: refusedMessage(spec.name, spec.role).text,
    };
  }
  if (!target) {
    return {
      outcome: 'invalid',
      say: ':warning: This button does not say which pool it is for. Run `/hybrid pool show &lt;pool&gt;` again and press its Upgrade.',
    };
  }
  const pool = await deps.pools.get(target.cluster, target.pool);
  if (!pool) {
    return {
      outcome: 'invalid',
      detail: `no pool ${target.pool} in ${target.cluster}`,
      say: escapeMrkdwn(
        `:warning: Pool \`${target.pool}\` is no longer on ${target.cluster}: \`/hybrid pools --cluster ${target.cluster}\` lists its pools.`,
      ),
    };
  }
  // The control plane's version as the last job that described the cluster kept it (`pool show`
  // does, just before its Upgrade is pressed): the form offers what a rollout on it would accept.
  const [current, stored, cluster] = await Promise.all([
    deps.profiles.store.get(pool.profile.name, pool.profile.version),
    deps.profiles.store.versions(pool.profile.name),
    deps.hosts.clusterInfo.get(pool.cluster),
  ]);
  const controlPlaneVersion = cluster?.version || undefined;
  const { targets, notOffered } = upgradeTargets(
    pool.profile,
    stored.map((s) => ({ version: s.version, kubernetesVersion: s.profile.spec.kubernetes.version })),
    controlPlaneVersion,
  );
  const kubernetesVersion = current?.profile.spec.kubernetes.version;
  return {
    outcome: 'form opened',
    detail: `${targets.length} newer version${targets.length === 1 ? '' : 's'} offered${notOffered.length > 0 ? `, ${notOffered.length} not` : ''}`,
    view: poolUpgradeModal({
      cluster: pool.cluster,
      pool: pool.name,
      profile: pool.profile,
      ...(kubernetesVersion ? { kubernetesVersion } : {}),
      targets,
      notOffered,
      ...(controlPlaneVersion ? { controlPlaneVersion } : {}),
    }),
  };
}
