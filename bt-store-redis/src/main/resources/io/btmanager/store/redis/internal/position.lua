-- The queue position of task ARGV[1] after promoting the tasks due now, or nil.
promote(now_us())
return redis.call('ZRANK', QUEUE, ARGV[1])
