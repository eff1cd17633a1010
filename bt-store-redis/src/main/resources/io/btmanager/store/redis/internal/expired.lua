-- Up to ARGV[1] running tasks whose lease expired by Redis's clock, earliest expiry first.
local ids = redis.call('ZRANGEBYSCORE', LEASES, '-inf', num(now_us()), 'LIMIT', 0, ARGV[1])
return tasks_reply(ids)
