-- Compare-and-set delete. ARGV: id, expected version.
local ver = redis.call('HGET', T .. ARGV[1], 'ver')
if not ver or tonumber(ver) ~= tonumber(ARGV[2]) then return 0 end
return remove_task(ARGV[1])
