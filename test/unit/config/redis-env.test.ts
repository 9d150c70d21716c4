import { describeRedisTarget, redisTarget } from '../../../src/adapters/redis/connection';
import { type ConfigError, loadConfig } from '../../../src/config/load-config';

const base = {
  SLACK_BOT_TOKEN: 'xoxb-test',
  SLACK_SIGNING_SECRET: 'a-signing-secret-of-enough-length',
  HYBRID_BOT_CONFIG: '/etc/hybrid-bot/config.yaml',
};
const file = () =>
  'access: { admins: [U0ADMIN] }\nclusters: [{ name: demo, region: us-west-2, channel: C0OPS, hybridNodesRole: HybridNodesRole }]';

const problemsOf = (env: Record<string, string>) => {
  try {
    loadConfig({ ...base, ...env }, file);
    return [];
  } catch (err) {
    return (err as ConfigError).problems;
  }
};

describe('where the bot finds Redis', () => {
  it('through the Sentinels when REDIS_SENTINELS and REDIS_SENTINEL_NAME are set, instead of REDIS_URL', () => {
    const config = loadConfig(
      {
        ...base,
        REDIS_URL: 'redis://old-redis:6379',
        REDIS_SENTINELS: 'sentinel-0:26379, sentinel-1:26380,10.0.0.7:26379',
        REDIS_SENTINEL_NAME: 'hybrid-bot',
        REDIS_PASSWORD: 'data-secret',
        REDIS_SENTINEL_PASSWORD: 'sentinel-secret',
      },
      file,
    );
    expect(redisTarget(config.env)).toEqual({
      sentinels: [
        { host: 'sentinel-0', port: 26379 },
        { host: 'sentinel-1', port: 26380 },
        { host: '10.0.0.7', port: 26379 },
      ],
      name: 'hybrid-bot',
      password: 'data-secret',
      sentinelPassword: 'sentinel-secret',
    });
  });

  it('at REDIS_URL otherwise, with REDIS_PASSWORD if given', () => {
    const config = loadConfig({ ...base, REDIS_URL: 'redis://cache:6380/2', REDIS_PASSWORD: 'pw' }, file);
    expect(redisTarget(config.env)).toEqual({ url: 'redis://cache:6380/2', password: 'pw' });
  });

  it('refuses one of REDIS_SENTINELS and REDIS_SENTINEL_NAME without the other, naming what is missing', () => {
    expect(problemsOf({ REDIS_SENTINELS: 'sentinel-0:26379' })).toEqual([
      'environment variable REDIS_SENTINEL_NAME is required with REDIS_SENTINELS: the name they monitor the Redis under (sentinel monitor <name> …)',
    ]);
    expect(problemsOf({ REDIS_SENTINEL_NAME: 'hybrid-bot' })).toEqual([
      'environment variable REDIS_SENTINELS is required with REDIS_SENTINEL_NAME: the Sentinels to ask, as host:port,host:port,…',
    ]);
  });

  it('refuses Sentinels not written as host:port', () => {
    expect(problemsOf({ REDIS_SENTINELS: 'sentinel-0', REDIS_SENTINEL_NAME: 'hybrid-bot' })).toEqual([
      'environment variable REDIS_SENTINELS must be the Sentinels as host:port,host:port,… (e.g. redis-sentinel-0:26379,redis-sentinel-1:26379)',
    ]);
  });

  it('describes where it connects for the start-up log without any password', () => {
    expect(describeRedisTarget({ url: 'redis://user:s3cret@cache:6380/2' })).toEqual({
      redis: 'redis://cache:6380/2',
    });
    const through = describeRedisTarget(
      redisTarget({
        REDIS_URL: 'redis://unused:6379',
        REDIS_SENTINELS: 's0:26379,s1:26379',
        REDIS_SENTINEL_NAME: 'hybrid-bot',
        REDIS_PASSWORD: 'data-secret',
        REDIS_SENTINEL_PASSWORD: 'sentinel-secret',
      }),
    );
    expect(through).toEqual({ sentinels: 's0:26379,s1:26379', name: 'hybrid-bot' });
  });
});
