import { hostFactProblems } from '../../domain/host-facts/host-fact-rules';
import { factAge, type HostFacts } from '../../domain/host-facts/host-facts';
import { platformText } from '../../domain/host-facts/supported-os';
import { section } from '../elements';
import { escapeMrkdwn } from '../mrkdwn';
import type { SlackBlock } from '../types';

/**
 * `host show`'s host facts: each with how old it is, and what is wrong with them; or how to read
 * them when the bot has none. Values come from the host (its agent, its tools): shown escaped.
 */
export function hostFactsSection(cluster: string, facts: HostFacts | undefined, now: number): SlackBlock {
  const read = `\`/hybrid doctor ${cluster} --hosts\` reads them`;
  if (!facts) return section(`*Host facts:* none read yet: ${read}.`);
  const line = <T>(name: string, f: { value: T; at: number } | undefined, show: (v: T) => string) =>
    f ? [`*${name}:* ${escapeMrkdwn(show(f.value))} _(${factAge(f.at, now)})_`] : [];
  const same = (v: string) => v;
  const lines = [
    ...line('OS', facts.platform, platformText),
    ...line('OS release', facts.osRelease, same),
    ...line('SSM agent', facts.agentVersion, same),
    ...line('Kernel', facts.kernel, same),
    ...line('nodeadm', facts.nodeadm, same),
    ...line('containerd', facts.containerd, same),
    ...line('Swap', facts.swapOn, (on) => (on ? 'on' : 'off')),
    ...line('Clock offset', facts.clockOffsetSeconds, (s) => `${s.toFixed(3)} s from NTP time`),
    ...line('Clock synchronised', facts.clockSynchronized, (s) => (s ? 'yes' : 'no')),
  ];
  // Read with Cilium 1.18 on offer: a kernel too old for it is worth a line here.
  const problems = hostFactProblems(facts, { cilium118: 'offered' }).map(
    (p) => `:warning: ${escapeMrkdwn(p.problem)} ${escapeMrkdwn(p.fix)}`,
  );
  const missing = !facts.kernel || !facts.nodeadm ? [`_Not all facts are known: ${read}._`] : [];
  return section(['*Host facts*', ...lines, ...problems, ...missing].join('\n'));
}
