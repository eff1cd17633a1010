-- Moves entry ARGV[1] from next fire time ARGV[2] to ARGV[3], fired at ARGV[4] (micros), only if
-- its next fire time is still ARGV[2]: one node wins each occurrence.
local key = S .. ARGV[1]
local cur = redis.call('HMGET', key, 'nfa', 'enabled')
if cur[1] ~= ARGV[2] then return 0 end
redis.call('HSET', key, 'nfa', ARGV[3], 'lfa', ARGV[4])
if cur[2] == '1' then redis.call('ZADD', SDUE, ARGV[3], ARGV[1]) end
return 1
