import type { Redis } from 'ioredis';
import type { AwsPacer } from '../aws/aws-pacer';
import { key } from './connection';

/**
 * One API's learned pace, in one hash shared by every worker; times from Redis's own clock.
 * `rate` 0: no pace learnt yet, calls go unpaced. After the first throttle the account's bucket is
 * empty, so what gets through in the next half second is its refill rate: the first pace. A later
 * throttle means the bucket is empty again: the pace drops to what got through in the last second
 * (at most 0.9 of the pace before, at least 0.75 of it: a worker that stalled sent less), once a
 * second. Each further second with successes adds 5%, so the pace keeps probing upwards and the next
 * throttle corrects it. When a lower pace did not lower the share of calls throttled, those throttles
 * are not the pace's doing (AWS also throttles at random under load): the pace before is restored
 * instead of cut again. Slots are handed out one after another (GCRA), so waiting callers never race
 * for the same one.
 */
const PACE = `
local k = KEYS[1]
local op = ARGV[1]
local minRate = tonumber(ARGV[2])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local f = redis.call('HMGET', k, 'rate', 'tat', 'dec', 'inc', 'sw', 'sc', 'sp', 'tw', 'tc', 'tp', 'pre', 'fdec', 'total', 't1', 'ok1')
local v = {}
for i = 1, 15 do v[i] = tonumber(f[i]) or 0 end
local rate, tat, dec, inc, pre, fdec = v[1], v[2], v[3], v[4], v[11], v[12]
local total, t1, ok1 = v[13], v[14], v[15]
redis.call('PEXPIRE', k, 3600000)
if op == 'acquire' then
  if rate <= 0 then return 0 end
  if tat < now then tat = now end
  -- A slot more than 250 ms away is not taken: the caller looks again, at the pace then in force.
  if tat - now > 250 then return -math.floor(tat - now) end
  redis.call('HSET', k, 'tat', tostring(tat + 1000 / rate))
  return math.floor(tat - now)
end
local sec = math.floor(now / 1000)
local frac = (now % 1000) / 1000
-- per-second counters: window second, count in it, count in the second before
local function bump(w, c, p)
  if sec == w then return w, c + 1, p end
  if sec == w + 1 then return sec, 1, c end
  return sec, 1, 0
end
local function trailing(w, c, p)
  if sec == w then return c + p * (1 - frac) end
  if sec == w + 1 then return c * (1 - frac) end
  return 0
end
local sw, sc, sp, tw, tc, tp = v[5], v[6], v[7], v[8], v[9], v[10]
if op == 'success' then
  sw, sc, sp = bump(sw, sc, sp)
  redis.call('HINCRBY', k, 'total', 1)
  if rate > 0 and now - dec >= 1000 and now - inc >= 1000 then
    rate = rate * 1.05 + 0.1
    inc = now
  end
  redis.call('HSET', k, 'rate', tostring(rate), 'inc', inc, 'sw', sw, 'sc', sc, 'sp', sp)
  return 0
end
-- a throttle
tw, tc, tp = bump(tw, tc, tp)
redis.call('HSET', k, 'tw', tw, 'tc', tc, 'tp', tp)
if rate <= 0 then
  -- The first pace: what got through in the half second after the first throttle, the bucket empty.
  if t1 == 0 then
    redis.call('HSET', k, 't1', now, 'ok1', total)
    return 0
  end
  if now - t1 < 500 then return 0 end
  rate = math.max(minRate, (total - ok1) * 1000 / (now - t1))
  redis.call('HSET', k, 'rate', tostring(rate), 'dec', now, 'inc', now, 'pre', 0, 'fdec', 0)
  return 0
end
if now - dec < 1000 then return 0 end
local ok = trailing(sw, sc, sp)
local th = trailing(tw, tc, tp)
local share = th / math.max(1, ok + th)
if pre > 0 and th >= 2 and now - dec < 5000 and share >= 0.75 * fdec and share <= 1.25 * fdec then
  rate = math.max(rate, pre)
  redis.call('HSET', k, 'rate', tostring(rate), 'dec', now)
  return 0
end
pre = rate
rate = math.max(minRate, math.min(rate * 0.9, math.max(ok, rate * 0.75)))
redis.call('HSET', k, 'rate', tostring(rate), 'dec', now, 'inc', now, 'pre', tostring(pre), 'fdec', tostring(share))
return 0`;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

type Run = (k: string, op: string, minRate: number) => Promise<number>;

/** AWS pacing learned from throttles and shared through Redis by every worker (see PACE). */
export class RedisAwsPacer implements AwsPacer {
  private readonly run: Run;

  constructor(
    private readonly redis: Redis,
    private readonly minRate = 0.5,
  ) {
    redis.defineCommand('hbAwsPace', { numberOfKeys: 1, lua: PACE });
    this.run = (redis as unknown as { hbAwsPace: Run }).hbAwsPace.bind(redis);
  }

  async acquire(api: string): Promise<void> {
    for (;;) {
      const wait = Number(await this.run(key('aws-pace', api), 'acquire', this.minRate));
      if (wait >= 0) {
        if (wait > 0) await sleep(wait);
        return;
      }
      await sleep(Math.min(-wait, 250));
    }
  }

  async succeeded(api: string): Promise<void> {
    await this.run(key('aws-pace', api), 'success', this.minRate);
  }

  async throttled(api: string): Promise<void> {
    await this.run(key('aws-pace', api), 'throttle', this.minRate);
  }

  /** Calls a second it lets through now; 0 until the first throttle. */
  async rate(api: string): Promise<number> {
    return Number((await this.redis.hget(key('aws-pace', api), 'rate')) ?? 0);
  }
}
