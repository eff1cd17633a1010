-- Tasks with their owners. ARGV[1]: 'ids' then the ids, 'owner' then an owner, or 'all'.
local ids
if ARGV[1] == 'owner' then
  ids = redis.call('SMEMBERS', U .. ARGV[2])
elseif ARGV[1] == 'all' then
  ids = redis.call('ZRANGE', ALL, 0, -1)
else
  ids = {}
  for j = 2, #ARGV do ids[#ids + 1] = ARGV[j] end
end
return tasks_reply(ids)
