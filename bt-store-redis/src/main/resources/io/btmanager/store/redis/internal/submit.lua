-- Submit-or-join, for a batch. ARGV[1] = n, then per task: id, dedup key, type, priority,
-- state, due (micros or ''), configuration or '', owner, field count, then the hash fields.
-- Checks every task first (configuration exists, id unused) so a refused batch writes nothing.
local n = tonumber(ARGV[1])
local tasks = {}
local i = 2
for t = 1, n do
  local task = {id = ARGV[i], dk = ARGV[i + 1], typ = ARGV[i + 2], pri = ARGV[i + 3],
    st = ARGV[i + 4], nat = ARGV[i + 5], cfg = ARGV[i + 6], owner = ARGV[i + 7],
    first = i + 9, count = tonumber(ARGV[i + 8])}
  i = task.first + task.count
  tasks[t] = task
  if task.cfg ~= '' then require_configuration(task.cfg) end
  if redis.call('EXISTS', T .. task.id) == 1 then
    fail('BT_DUPLICATE_ID', 'a task with id \'' .. task.id .. '\' already exists')
  end
end
local out = {}
for t, task in ipairs(tasks) do
  local existing = redis.call('HGET', ACTIVE, task.dk)
  if existing then
    if redis.call('SADD', O .. existing, task.owner) == 1 then
      redis.call('SADD', U .. task.owner, existing)
      redis.call('HINCRBY', T .. existing, 'ver', 1)
    end
    out[t] = {1, task_reply(existing)}
  else
    local seq = redis.call('INCR', SEQ)
    local h = {'seq', seq, 'ver', 1, 'att', 0, 'pd', 0, 'pt', 1, 'pm', ''}
    for j = task.first, task.first + task.count - 1 do h[#h + 1] = ARGV[j] end
    redis.call('HSET', T .. task.id, unpack(h))
    redis.call('SADD', O .. task.id, task.owner)
    redis.call('SADD', U .. task.owner, task.id)
    redis.call('HSET', ACTIVE, task.dk, task.id)
    redis.call('ZADD', ALL, seq, task.id)
    if task.cfg ~= '' then acquire_configuration(task.cfg) end
    enter(task.id, task.typ, task.st, task.pri, seq, task.nat)
    out[t] = {0, task_reply(task.id)}
  end
end
return out
