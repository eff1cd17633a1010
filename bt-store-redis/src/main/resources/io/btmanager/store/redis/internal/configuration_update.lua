-- Replaces name (ARGV[2]), arguments (ARGV[3]) and update time (ARGV[4]) of configuration ARGV[1].
local key = C .. ARGV[1]
if redis.call('EXISTS', key) == 0 then return 0 end
redis.call('HSET', key, 'name', ARGV[2], 'args', ARGV[3], 'uat', ARGV[4])
return 1
