-- A worker turn: ends attempts (each fenced by its lease token), then claims up to max tasks.
-- ARGV: node, max, lease (micros), type count, types (the node claims only these), completion count,
-- then per completion 16 values: id, token, state, attempt, done, total, message, result,
-- error kind, summary, action, retryable, detail, finish time, due time ('' for none; times in
-- micros), execution.
-- Returns {applied (1/0 per completion), claimed tasks}.
local node, max, lease = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3])
local RUN_TIME_SAMPLE = 20
local ntypes = tonumber(ARGV[4])
local i = 5 + ntypes
local ncompletions = tonumber(ARGV[i])
i = i + 1

local applied = {}
local run_times, run_types = {}, {}
DEFER = true
for c = 1, ncompletions do
  local id, token, st = ARGV[i], ARGV[i + 1], ARGV[i + 2]
  local key = T .. id
  local cur = redis.call('HMGET', key, 'st', 'lt', 'type', 'pri', 'seq', 'dk', 'cfg', 'sat', 'ver')
  if cur[1] == 'RUNNING' and cur[2] == token then
    local res, fat, nat = ARGV[i + 7], ARGV[i + 13], ARGV[i + 14]
    -- one HSET of what the attempt sets, one HDEL of what it clears
    local set = {'st', st, 'att', ARGV[i + 3], 'pd', ARGV[i + 4], 'pt', ARGV[i + 5],
      'pm', ARGV[i + 6], 'ver', tonumber(cur[9]) + 1}
    local clear = {'lo', 'lt', 'lx', 'cr'}
    local function put(field, value)
      if value == '' then clear[#clear + 1] = field else set[#set + 1] = field; set[#set + 1] = value end
    end
    put('res', res)
    put('fat', fat)
    put('nat', nat)
    if ARGV[i + 8] == '' then
      for _, f in ipairs({'ek', 'es', 'ea', 'er', 'ed'}) do clear[#clear + 1] = f end
    else
      for k, f in ipairs({'ek', 'es', 'ea', 'er', 'ed'}) do put(f, ARGV[i + 7 + k]) end
    end
    redis.call('HSET', key, unpack(set))
    redis.call('HDEL', key, unpack(clear))
    index('ZREM', LEASES, id)
    redis.call('RPUSH', X .. id, ARGV[i + 15])
    enter(id, cur[3], st, cur[4], cur[5], nat, '', fat)
    if not is_active(st) then end_activity(id, cur[6], cur[7]) end
    if st == 'SUCCEEDED' and fat ~= '' and cur[8] then
      -- the type's latest run times, for wait estimates on every node (rule 7): written per type
      -- once the batch is done (the finish time is the core's, the start Redis's: never below 0)
      local typ = cur[3]
      if not run_times[typ] then run_times[typ] = {}; run_types[#run_types + 1] = typ end
      local sample = run_times[typ]
      sample[#sample + 1] = num(math.max(0, tonumber(fat) - tonumber(cur[8])))
    end
    applied[c] = 1
  else
    applied[c] = 0
  end
  i = i + 16
end

for _, typ in ipairs(run_types) do
  local sample = run_times[typ]
  -- the latest RUN_TIME_SAMPLE of the batch, in finishing order (LPUSH puts the last first)
  local from = math.max(1, #sample - RUN_TIME_SAMPLE + 1)
  redis.call('LPUSH', RT .. typ, unpack(sample, from))
  redis.call('LTRIM', RT .. typ, 0, RUN_TIME_SAMPLE - 1)
end
flush()

local claimed = {}
if max > 0 then
  local now = now_us()
  promote(now)
  flush()
  local picked = {}
  -- only the node's types (none: nothing); the other types keep their places
  if ntypes > 0 then
    local candidates = {}
    for j = 5, 4 + ntypes do
      local r = redis.call('ZRANGE', Q .. ARGV[j], 0, max - 1, 'WITHSCORES')
      for k = 1, #r, 2 do candidates[#candidates + 1] = {r[k], tonumber(r[k + 1])} end
    end
    table.sort(candidates, function(a, b) return a[2] < b[2] end)
    for k = 1, math.min(max, #candidates) do picked[k] = candidates[k][1] end
  end
  local exp = now + lease
  local sat, lx = num(now), num(exp)
  -- one INCRBY for the batch's tokens: each claim still gets a token above every earlier one
  local token = #picked > 0 and redis.call('INCRBY', FENCE, #picked) - #picked or 0
  for k, id in ipairs(picked) do
    local key = T .. id
    local f = redis.call('HMGET', key, 'type', 'att', 'ver', 'nat')
    index('ZREM', QUEUE, id)
    index('ZREM', Q .. f[1], id)
    token = token + 1
    redis.call('HSET', key, 'st', 'RUNNING', 'att', tonumber(f[2]) + 1, 'ver', tonumber(f[3]) + 1,
      'sat', sat, 'lo', node, 'lt', num(token), 'lx', lx)
    if f[4] then redis.call('HDEL', key, 'nat') end
    index('ZADD', LEASES, exp, id)
    claimed[k] = task_reply(id)
  end
  flush()
end
return {applied, claimed}
