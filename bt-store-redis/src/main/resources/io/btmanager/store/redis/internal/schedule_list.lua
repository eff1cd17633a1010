-- Schedule entries: ARGV[1] 'owner' with an owner in ARGV[2], 'all', or 'due' with a time
-- (micros) in ARGV[2] and a maximum in ARGV[3] (enabled entries due by then, earliest first).
local ids
if ARGV[1] == 'owner' then
  ids = redis.call('ZRANGE', SU .. ARGV[2], 0, -1)
elseif ARGV[1] == 'due' then
  ids = redis.call('ZRANGEBYSCORE', SDUE, '-inf', ARGV[2], 'LIMIT', 0, ARGV[3])
else
  ids = redis.call('ZRANGE', SS, 0, -1)
end
return hashes_reply(S, ids)
