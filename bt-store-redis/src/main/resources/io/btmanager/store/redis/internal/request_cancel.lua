-- Asks running task ARGV[1] (at version ARGV[2]) to stop; its node sees it at the next heartbeat.
local key = T .. ARGV[1]
if not at_version(ARGV[1], ARGV[2]) or redis.call('HGET', key, 'st') ~= 'RUNNING' then return 0 end
redis.call('HSET', key, 'cr', '1')
redis.call('HINCRBY', key, 'ver', 1)
return 1
