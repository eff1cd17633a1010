-- Deletes schedule entry ARGV[1]; 0 when there was none.
local key = S .. ARGV[1]
local cur = redis.call('HMGET', key, 'owner', 'cfg')
if not cur[1] then return 0 end
if cur[2] then release_configuration(cur[2]) end
redis.call('DEL', key)
redis.call('ZREM', SS, ARGV[1])
redis.call('ZREM', SU .. cur[1], ARGV[1])
redis.call('ZREM', SDUE, ARGV[1])
return 1
