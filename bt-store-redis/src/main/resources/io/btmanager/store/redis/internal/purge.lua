-- Purges up to ARGV[2] finished tasks that finished before ARGV[1] (micros); returns how many.
local ids = redis.call('ZRANGEBYSCORE', FINISHED, '-inf', '(' .. ARGV[1], 'LIMIT', 0, ARGV[2])
for _, id in ipairs(ids) do
  if remove_task(id) == 0 then redis.call('ZREM', FINISHED, id) end
end
return #ids
