-- Cancels waiting task ARGV[1] (at version ARGV[2]) with the error in ARGV[3..7], finished now.
local id = ARGV[1]
local key = T .. id
if not at_version(id, ARGV[2]) then return 0 end
local cur = redis.call('HMGET', key, 'st', 'type', 'dk', 'cfg')
if cur[1] ~= 'PENDING' and cur[1] ~= 'SCHEDULED' then return 0 end
local now = num(now_us())
leave(id, cur[2])
redis.call('HSET', key, 'st', 'CANCELLED', 'fat', now)
redis.call('HDEL', key, 'nat')
write_error(key, 3)
redis.call('HINCRBY', key, 'ver', 1)
redis.call('ZADD', FINISHED, now, id)
end_activity(id, cur[3], cur[4])
return 1
