-- Appends task changes to the change feed: ARGV[1] = the entries the stream keeps (about), then
-- runs of one node's changes: node, count, then per change task id, kind, user ('' for none).
-- One stream entry per run (fields node, n, t1 k1 [u1] t2 ...), and the count of entries ever
-- added (FEEDN) grows with them in the same script, so a reader can tell how many were trimmed.
local keep = ARGV[1]
local i = 2
local entries = 0
while i <= #ARGV do
  local node, n = ARGV[i], tonumber(ARGV[i + 1])
  local fields = {'node', node, 'n', n}
  i = i + 2
  for c = 1, n do
    fields[#fields + 1] = 't' .. c
    fields[#fields + 1] = ARGV[i]
    fields[#fields + 1] = 'k' .. c
    fields[#fields + 1] = ARGV[i + 1]
    if ARGV[i + 2] ~= '' then
      fields[#fields + 1] = 'u' .. c
      fields[#fields + 1] = ARGV[i + 2]
    end
    i = i + 3
  end
  redis.call('XADD', FEED, 'MAXLEN', '~', keep, '*', unpack(fields))
  entries = entries + 1
end
redis.call('INCRBY', FEEDN, entries)
return entries
