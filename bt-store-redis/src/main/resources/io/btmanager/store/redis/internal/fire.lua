-- Fires one occurrence of schedule entry ARGV[1]: if its next fire time is still ARGV[2], moves
-- it to ARGV[3], fired at ARGV[4] (micros), and submits-or-joins the task from ARGV[6] when
-- ARGV[5] is '1', in this one script. Returns {0} when another node fired it or the entry is gone,
-- else {1} or {1, joined, task}.
local id = ARGV[1]
local key = S .. id
local cur = redis.call('HMGET', key, 'nfa', 'enabled')
if cur[1] ~= ARGV[2] then return {0} end
local task
if ARGV[5] == '1' then
  task = read_new_task(6)
  check_new_task(task)
end
redis.call('HSET', key, 'nfa', ARGV[3], 'lfa', ARGV[4])
if cur[2] == '1' then redis.call('ZADD', SDUE, ARGV[3], id) end
if not task then return {1} end
local submitted = submit_task(task)
return {1, submitted[1], submitted[2]}
