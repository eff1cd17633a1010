-- The configurations of owner ARGV[1], in insertion order.
return hashes_reply(C, redis.call('ZRANGE', CU .. ARGV[1], 0, -1))
