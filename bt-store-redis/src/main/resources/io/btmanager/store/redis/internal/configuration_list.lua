-- The configurations of owner ARGV[1] (every owner's when ARGV[1] is ''), in insertion order.
local ids
if ARGV[1] == '' then
  ids = redis.call('ZRANGE', CS, 0, -1)
else
  ids = redis.call('ZRANGE', CU .. ARGV[1], 0, -1)
end
return hashes_reply(C, ids)
