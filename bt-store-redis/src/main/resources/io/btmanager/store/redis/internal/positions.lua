-- The queue positions of tasks ARGV[1..] after promoting the tasks due now: one per id, or false.
promote(now_us())
local out = {}
for j = 1, #ARGV do
  out[j] = redis.call('ZRANK', QUEUE, ARGV[j]) or false
end
return out
