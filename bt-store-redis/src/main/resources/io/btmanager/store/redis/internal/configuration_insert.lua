-- Inserts configuration ARGV[1] of owner ARGV[2]; ARGV[3..] are its hash fields.
local id, owner = ARGV[1], ARGV[2]
if redis.call('EXISTS', C .. id) == 1 then
  fail('BT_DUPLICATE_ID', 'a configuration with id \'' .. id .. '\' already exists')
end
local n = redis.call('INCR', CSEQ)
local h = {'n', n}
for j = 3, #ARGV do h[#h + 1] = ARGV[j] end
redis.call('HSET', C .. id, unpack(h))
redis.call('ZADD', CU .. owner, n, id)
redis.call('ZADD', CS, n, id)
return 1
