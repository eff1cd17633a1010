-- Writes progress if task ARGV[1] is still running under token ARGV[2]. ARGV: done, total, message.
local key = T .. ARGV[1]
local cur = redis.call('HMGET', key, 'st', 'lt')
if cur[1] ~= 'RUNNING' or cur[2] ~= ARGV[2] then return 0 end
redis.call('HSET', key, 'pd', ARGV[3], 'pt', ARGV[4], 'pm', ARGV[5])
redis.call('HINCRBY', key, 'ver', 1)
return 1
