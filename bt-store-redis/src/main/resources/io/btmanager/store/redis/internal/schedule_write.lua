-- Inserts (ARGV[1] = 'insert') or replaces ('update') schedule entry ARGV[2]. ARGV: mode, id,
-- owner, configuration or '', enabled ('1'/'0'), next fire time (micros), then the hash fields.
-- Returns 0 when an update finds no entry.
local mode, id, owner, cfg, enabled, nfa = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6]
local key = S .. id
local cur = redis.call('HMGET', key, 'n', 'owner', 'cfg')
if mode == 'insert' and cur[1] then
  fail('BT_DUPLICATE_ID', 'a schedule entry with id \'' .. id .. '\' already exists')
end
if mode == 'update' and not cur[1] then return 0 end
local before = cur[3] or ''
if cfg ~= before then
  if cfg ~= '' then require_configuration(cfg); acquire_configuration(cfg) end
  if before ~= '' then release_configuration(before) end
end
local n = cur[1] or redis.call('INCR', CSEQ)
if cur[2] and cur[2] ~= owner then redis.call('ZREM', SU .. cur[2], id) end
local h = {'n', n}
for j = 7, #ARGV do h[#h + 1] = ARGV[j] end
redis.call('DEL', key)
redis.call('HSET', key, unpack(h))
redis.call('ZADD', SS, n, id)
redis.call('ZADD', SU .. owner, n, id)
if enabled == '1' then redis.call('ZADD', SDUE, nfa, id) else redis.call('ZREM', SDUE, id) end
return 1
