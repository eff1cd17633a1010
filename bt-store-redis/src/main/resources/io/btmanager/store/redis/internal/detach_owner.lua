-- Removes owner ARGV[3] from task ARGV[1] if it still has version ARGV[2].
local id, owner = ARGV[1], ARGV[3]
if not at_version(id, ARGV[2]) then return 0 end
redis.call('SREM', O .. id, owner)
redis.call('SREM', U .. owner, id)
redis.call('HINCRBY', T .. id, 'ver', 1)
return 1
