-- Extends leases to now + ARGV[1] micros. Then id, token pairs; per pair 0 LOST, 1 KEPT,
-- 2 CANCEL_REQUESTED.
local exp = now_us() + tonumber(ARGV[1])
local lx = num(exp)
local out = {}
for j = 2, #ARGV, 2 do
  local id, key = ARGV[j], T .. ARGV[j]
  local cur = redis.call('HMGET', key, 'st', 'lt', 'cr')
  if cur[1] == 'RUNNING' and cur[2] == ARGV[j + 1] then
    redis.call('HSET', key, 'lx', lx)
    redis.call('HINCRBY', key, 'ver', 1)
    redis.call('ZADD', LEASES, exp, id)
    out[#out + 1] = cur[3] == '1' and 2 or 1
  else
    out[#out + 1] = 0
  end
end
return out
