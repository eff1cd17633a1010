-- Ends the expired lease of task ARGV[1] under token ARGV[2] as state ARGV[3] (PENDING, FAILED
-- or CANCELLED), error ARGV[4..8], execution ARGV[9]; only if the lease expired by Redis's clock.
local id, token, st = ARGV[1], ARGV[2], ARGV[3]
local key = T .. id
local cur = redis.call('HMGET', key, 'st', 'lt', 'lx', 'type', 'pri', 'seq', 'dk', 'cfg')
local now = now_us()
if cur[1] ~= 'RUNNING' or cur[2] ~= token or tonumber(cur[3]) > now then return 0 end
redis.call('ZREM', LEASES, id)
redis.call('HDEL', key, 'lo', 'lt', 'lx', 'cr')
redis.call('HSET', key, 'st', st)
write_error(key, 4)
redis.call('HINCRBY', key, 'ver', 1)
redis.call('RPUSH', X .. id, ARGV[9])
if st == 'PENDING' then
  enqueue(id, cur[4], cur[5], cur[6])
else
  redis.call('HSET', key, 'fat', num(now))
  redis.call('ZADD', FINISHED, now, id)
  end_activity(id, cur[7], cur[8])
end
return 1
