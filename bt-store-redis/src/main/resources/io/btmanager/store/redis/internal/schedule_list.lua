-- Schedule entries: ARGV[1] 'owner' with an owner in ARGV[2], 'all', or 'due' with a time
-- (micros) in ARGV[2], a maximum in ARGV[3] and the types in ARGV[4..] (enabled entries of those
-- types due by then, earliest first).
local ids
if ARGV[1] == 'owner' then
  ids = redis.call('ZRANGE', SU .. ARGV[2], 0, -1)
elseif ARGV[1] == 'due' then
  local types = {}
  for j = 4, #ARGV do types[ARGV[j]] = true end
  local max = tonumber(ARGV[3])
  ids = {}
  for _, id in ipairs(redis.call('ZRANGEBYSCORE', SDUE, '-inf', ARGV[2])) do
    if #ids >= max then break end
    if types[redis.call('HGET', S .. id, 'type')] then ids[#ids + 1] = id end
  end
else
  ids = redis.call('ZRANGE', SS, 0, -1)
end
return hashes_reply(S, ids)
