-- Writes name ARGV[3], description ARGV[4], link ARGV[5] ('' for none) and priority ARGV[6] of
-- task ARGV[1] if it still has version ARGV[2]; a queued task moves to its new band, same seq.
local id = ARGV[1]
local key = T .. id
if not at_version(id, ARGV[2]) then return 0 end
redis.call('HSET', key, 'name', ARGV[3], 'desc', ARGV[4], 'pri', ARGV[6])
set_or_clear(key, 'link', ARGV[5])
if redis.call('ZSCORE', QUEUE, id) then
  local f = redis.call('HMGET', key, 'type', 'seq')
  enqueue(id, f[1], ARGV[6], f[2])
end
redis.call('HINCRBY', key, 'ver', 1)
return 1
