// The tests start the same real redis-server the demo does.
export { freePort, type RedisServer, startRedisServer } from '../../scripts/lib/redis-server';
