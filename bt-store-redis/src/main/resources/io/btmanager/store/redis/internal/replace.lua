-- Compare-and-set of a whole task. ARGV: id, expected version, state, priority, due (micros or
-- ''), lease expiry (micros or ''), finish time (micros or ''), configuration or '', execution or
-- '', owner count, owners..., then the hash fields (without the version).
local id, expected = ARGV[1], tonumber(ARGV[2])
local st, pri, nat, lx, fat, cfg, exec = ARGV[3], ARGV[4], ARGV[5], ARGV[6], ARGV[7], ARGV[8], ARGV[9]
local key = T .. id
local cur = redis.call('HMGET', key, 'ver', 'st', 'nat', 'cfg', 'type', 'dk', 'seq')
if not cur[1] or tonumber(cur[1]) ~= expected then return 0 end
local cst, cnat, ccfg, typ, dk, seq = cur[2], cur[3] or '', cur[4] or '', cur[5], cur[6], cur[7]
if not is_active(cst) and is_active(st) then
  fail('BT_ILLEGAL_STATE', 'task ' .. id .. ' is ' .. cst .. ' and can not become ' .. st .. ' again')
end
local before = is_active(cst) and ccfg or ''
local after = is_active(st) and cfg or ''
if before ~= after then
  if after ~= '' then require_configuration(after); acquire_configuration(after) end
  if before ~= '' then release_configuration(before) end
end
local n = tonumber(ARGV[10])
local owners = {}
for j = 11, 10 + n do owners[ARGV[j]] = true end
for _, owner in ipairs(redis.call('SMEMBERS', O .. id)) do
  if not owners[owner] then redis.call('SREM', U .. owner, id) end
end
redis.call('DEL', O .. id)
for owner in pairs(owners) do
  redis.call('SADD', O .. id, owner)
  redis.call('SADD', U .. owner, id)
end
-- a due task already promoted to the queue stays there while its due time stays
local promoted = cst == 'SCHEDULED' and st == 'SCHEDULED' and cnat == nat
  and redis.call('ZSCORE', QUEUE, id)
leave(id, typ)
if promoted then
  enqueue(id, typ, pri, seq)
else
  enter(id, typ, st, pri, seq, nat, lx, fat)
end
local h = {'ver', expected + 1}
for j = 11 + n, #ARGV do h[#h + 1] = ARGV[j] end
redis.call('DEL', key)
redis.call('HSET', key, unpack(h))
if exec ~= '' then redis.call('RPUSH', X .. id, exec) end
if is_active(cst) and not is_active(st) and redis.call('HGET', ACTIVE, dk) == id then
  redis.call('HDEL', ACTIVE, dk)
end
return 1
