-- Submit-or-join, for a batch. ARGV[1] = n, then n tasks as read_new_task reads them. Checks
-- every task first (configuration exists, id unused) so a refused batch writes nothing.
local n = tonumber(ARGV[1])
local tasks = {}
local i = 2
for t = 1, n do
  tasks[t], i = read_new_task(i)
  check_new_task(tasks[t])
end
local out = {}
DEFER = true
-- the batch's seqs drawn at once (a task that joins leaves its number unused: order is kept)
local seq = redis.call('INCRBY', SEQ, n) - n
for t, task in ipairs(tasks) do
  seq = seq + 1
  out[t] = submit_task(task, seq)
end
flush()
return out
