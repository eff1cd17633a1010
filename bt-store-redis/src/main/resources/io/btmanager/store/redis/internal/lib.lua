-- Shared by every script of bt-store-redis (the loader puts it in front of each one).
-- KEYS come from RedisKeys.scriptKeys(), in its order; per-task keys are a prefix plus the id.
-- The last ARGV is the clock: '' (always, but in tests) makes now_us() read Redis's TIME here, so
-- due times, lease expiry and claims are judged by the server's clock and never a JVM's; a test
-- clock's now in microseconds otherwise. Taken off ARGV first, so each script sees only its own
-- arguments.
local CLOCK = table.remove(ARGV)
local SEQ, FENCE, QUEUE, DUE, LEASES, ACTIVE, ALL, FINISHED, CFGREF, FEED =
  KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6], KEYS[7], KEYS[8], KEYS[9], KEYS[10]
local T, O, X, U, Q, C, CU, CSEQ, S, SS, SU, SDUE, RT, CS, FEEDN =
  KEYS[11], KEYS[12], KEYS[13], KEYS[14], KEYS[15], KEYS[16], KEYS[17], KEYS[18], KEYS[19],
  KEYS[20], KEYS[21], KEYS[22], KEYS[23], KEYS[24], KEYS[25]
-- the queue's score: priority band * 2^50 + seq, exact in a double; HIGH (2) comes first
local BAND = 1125899906842624

local function fail(code, detail)
  error({err = code .. ' ' .. detail})
end

-- the store's now, in microseconds since the epoch
local function now_us()
  if CLOCK ~= '' then return tonumber(CLOCK) end
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000000 + tonumber(t[2])
end

-- a whole number as digits (tostring would write 1.7e+15)
local function num(x)
  return string.format('%.0f', x)
end

local function is_active(st)
  return st == 'PENDING' or st == 'SCHEDULED' or st == 'RUNNING'
end

local function task_reply(id)
  return {redis.call('HGETALL', T .. id), redis.call('SMEMBERS', O .. id)}
end

-- Index writes (ZADD, ZREM, SADD) of a batch script, gathered while DEFER is on and sent by
-- flush() as one command per key and command: many tasks cost a few commands, not a few each.
-- A script that turns DEFER on flushes before it reads an index it wrote, and before it returns.
local DEFER = false
local deferred, deferred_order = {}, {}

local function index(cmd, key, a, b)
  if not DEFER then
    if b then redis.call(cmd, key, a, b) else redis.call(cmd, key, a) end
    return
  end
  local k = cmd .. ' ' .. key
  local args = deferred[k]
  if not args then
    args = {}
    deferred[k] = args
    deferred_order[#deferred_order + 1] = {cmd, key, k}
  end
  args[#args + 1] = a
  if b then args[#args + 1] = b end
end

local function flush()
  for _, w in ipairs(deferred_order) do
    local args = deferred[w[3]]
    -- pairs stay together: 4,000 arguments per command at most (unpack's stack is limited)
    for from = 1, #args, 4000 do
      redis.call(w[1], w[2], unpack(args, from, math.min(#args, from + 3999)))
    end
  end
  deferred, deferred_order = {}, {}
end

local function enqueue(id, typ, pri, seq)
  local score = (2 - tonumber(pri)) * BAND + tonumber(seq)
  index('ZADD', QUEUE, score, id)
  index('ZADD', Q .. typ, score, id)
end

-- takes a task out of every placement index (queue, due, leases, finished)
local function leave(id, typ)
  redis.call('ZREM', QUEUE, id)
  redis.call('ZREM', Q .. typ, id)
  redis.call('ZREM', DUE, id)
  redis.call('ZREM', LEASES, id)
  redis.call('ZREM', FINISHED, id)
end

-- puts a task where its state says: queue, due (by due time), leases (by expiry), finished
local function enter(id, typ, st, pri, seq, nat, lx, fat)
  if st == 'PENDING' then
    enqueue(id, typ, pri, seq)
  elseif st == 'SCHEDULED' then
    if nat and nat ~= '' then index('ZADD', DUE, nat, id) end
  elseif st == 'RUNNING' then
    if lx and lx ~= '' then index('ZADD', LEASES, lx, id) end
  elseif fat and fat ~= '' then
    index('ZADD', FINISHED, fat, id)
  end
end

-- moves every scheduled task due by now into the run queue, where its seq puts it
local function promote(now)
  local due = redis.call('ZRANGEBYSCORE', DUE, '-inf', now)
  if #due == 0 then return end
  for _, id in ipairs(due) do
    local f = redis.call('HMGET', T .. id, 'type', 'pri', 'seq')
    enqueue(id, f[1], f[2], f[3])
  end
  redis.call('ZREMRANGEBYSCORE', DUE, '-inf', now)
end

local function require_configuration(cfg)
  if redis.call('EXISTS', C .. cfg) == 0 then fail('BT_CONFIGURATION_NOT_FOUND', cfg) end
end

local function acquire_configuration(cfg)
  redis.call('HINCRBY', CFGREF, cfg, 1)
end

local function release_configuration(cfg)
  if redis.call('HINCRBY', CFGREF, cfg, -1) <= 0 then redis.call('HDEL', CFGREF, cfg) end
end

-- an active task that ends (finishes or is removed) frees its dedup key and configuration
local function end_activity(id, dk, cfg)
  if cfg and cfg ~= '' then release_configuration(cfg) end
  if redis.call('HGET', ACTIVE, dk) == id then redis.call('HDEL', ACTIVE, dk) end
end

local function remove_task(id)
  local f = redis.call('HMGET', T .. id, 'st', 'type', 'dk', 'cfg')
  if not f[1] then return 0 end
  leave(id, f[2])
  for _, owner in ipairs(redis.call('SMEMBERS', O .. id)) do
    redis.call('SREM', U .. owner, id)
  end
  if is_active(f[1]) then end_activity(id, f[3], f[4]) end
  redis.call('DEL', T .. id, O .. id, X .. id)
  redis.call('ZREM', ALL, id)
  return 1
end

-- loads the tasks with these ids that exist
local function tasks_reply(ids)
  local out = {}
  for _, id in ipairs(ids) do
    local h = redis.call('HGETALL', T .. id)
    if #h > 0 then out[#out + 1] = {h, redis.call('SMEMBERS', O .. id)} end
  end
  return out
end

-- loads the hashes with these ids under a prefix that exist
local function hashes_reply(prefix, ids)
  local out = {}
  for _, id in ipairs(ids) do
    local h = redis.call('HGETALL', prefix .. id)
    if #h > 0 then out[#out + 1] = h end
  end
  return out
end

-- a task to submit, from ARGV[i]: id, dedup key, type, priority, state, due (micros or ''),
-- configuration or '', owner, field count, then the hash fields; returns it and the next index
local function read_new_task(i)
  local task = {id = ARGV[i], dk = ARGV[i + 1], typ = ARGV[i + 2], pri = ARGV[i + 3],
    st = ARGV[i + 4], nat = ARGV[i + 5], cfg = ARGV[i + 6], owner = ARGV[i + 7],
    first = i + 9, count = tonumber(ARGV[i + 8])}
  return task, task.first + task.count
end

-- refuses a task that names a missing configuration or an id in use (before anything is written)
local function check_new_task(task)
  if task.cfg ~= '' then require_configuration(task.cfg) end
  if redis.call('EXISTS', T .. task.id) == 1 then
    fail('BT_DUPLICATE_ID', 'a task with id \'' .. task.id .. '\' already exists')
  end
end

-- submit-or-join (rule 2): {1, task} when an active task with the key was joined, else {0, seq}
-- (the caller knows the rest of a new task); seq: the new task's, or nil to draw one
local function submit_task(task, seq)
  local existing = redis.call('HGET', ACTIVE, task.dk)
  if existing then
    if redis.call('SADD', O .. existing, task.owner) == 1 then
      redis.call('SADD', U .. task.owner, existing)
      redis.call('HINCRBY', T .. existing, 'ver', 1)
    end
    return {1, task_reply(existing)}
  end
  seq = seq or redis.call('INCR', SEQ)
  local h = {'seq', seq, 'ver', 1, 'att', 0, 'pd', 0, 'pt', 1, 'pm', ''}
  for j = task.first, task.first + task.count - 1 do h[#h + 1] = ARGV[j] end
  redis.call('HSET', T .. task.id, unpack(h))
  redis.call('SADD', O .. task.id, task.owner)
  index('SADD', U .. task.owner, task.id)
  redis.call('HSET', ACTIVE, task.dk, task.id)
  index('ZADD', ALL, seq, task.id)
  if task.cfg ~= '' then acquire_configuration(task.cfg) end
  enter(task.id, task.typ, task.st, task.pri, seq, task.nat)
  return {0, seq}
end

-- checks a task's version; false when it is gone or moved on
local function at_version(id, version)
  local ver = redis.call('HGET', T .. id, 'ver')
  return ver and tonumber(ver) == tonumber(version)
end

local function set_or_clear(key, field, value)
  if value == '' then redis.call('HDEL', key, field) else redis.call('HSET', key, field, value) end
end

-- writes an error's five fields from ARGV[i..i+4], or clears them when the kind is ''
local function write_error(key, i)
  if ARGV[i] == '' then
    redis.call('HDEL', key, 'ek', 'es', 'ea', 'er', 'ed')
  else
    redis.call('HSET', key, 'ek', ARGV[i], 'es', ARGV[i + 1], 'ea', ARGV[i + 2],
      'er', ARGV[i + 3], 'ed', ARGV[i + 4])
  end
end

