-- Deletes configuration ARGV[1] unless an active task or a schedule entry refers to it (rule 10).
local key = C .. ARGV[1]
local owner = redis.call('HGET', key, 'owner')
if not owner then return 'NOT_FOUND' end
local refs = redis.call('HGET', CFGREF, ARGV[1])
if refs and tonumber(refs) > 0 then return 'IN_USE' end
redis.call('DEL', key)
redis.call('ZREM', CU .. owner, ARGV[1])
redis.call('ZREM', CS, ARGV[1])
redis.call('HDEL', CFGREF, ARGV[1])
return 'DELETED'
