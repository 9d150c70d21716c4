import { command } from './command-spec';

/** One profile version across the fleet: pools of several sites and clusters, wave by wave. */
export const FLEET_COMMANDS = [
  command({
    name: 'fleet upgrade',
    role: 'approver',
    summary:
      "Roll a profile version out to every pool of the fleet still on an older one, in waves (a canary first, each wave baked before the next); each pool's rollout as it would run alone; a second approver must approve.",
    positionals: [],
    options: {
      profile: { type: 'string', description: 'the target, name@version' },
      clusters: { type: 'list', description: 'clusters, comma-separated, or all (the default)' },
      pools: {
        type: 'list',
        description:
          'only these pools, comma-separated: pool, cluster/pool or a * pattern (default: every pool on an older version)',
      },
      canary: {
        type: 'string',
        description: 'a site, pool (or cluster/pool) or cluster to roll first, alone',
      },
      waves: { type: 'string', description: 'by-site (the default), by-cluster or by-pool' },
      'wave-size': { type: 'string', description: 'sites, clusters or pools per wave (default 1)' },
      'parallel-pools': { type: 'string', description: 'pools rolling at once (default 2)' },
      'max-unavailable': { type: 'string', description: "each pool's nodes out at once (default 1)" },
      bake: {
        type: 'string',
        description: 'how long each wave is watched before the next starts: 30m (the default), 2h, 0',
      },
      window: {
        type: 'string',
        description: 'a daily UTC window, HH:MM-HH:MM, outside which no node starts',
      },
      offline: {
        type: 'string',
        description:
          'a pool with a host SSM cannot reach: skip (the default: left for later), wait (up to 1 h) or stop (pause the fleet)',
      },
      strategy: { type: 'string', description: 'in-place (the default) or cutover' },
    },
  }),
  command({
    name: 'fleets',
    role: 'viewer',
    summary: 'List fleet rollouts, newest first: the profile version, waves and pools done, and state.',
    positionals: [],
    options: {},
  }),
  command({
    name: 'fleet show',
    role: 'viewer',
    summary: 'One fleet rollout in full: every wave and pool with its state and its own change.',
    positionals: [{ name: 'id', required: true }],
    options: {},
  }),
] as const;
