-- The change feed as a reader sees it, in one atomic look: {entries ever added, entries kept,
-- entries}. ARGV[1] = '' for the newest entry (where a new reader starts), else up to ARGV[2]
-- entries after id ARGV[1]. The feed is only ever trimmed from its oldest end (never XDEL), so the
-- reader knows it missed entries when more were trimmed (added - kept) than it had read.
if redis.call('EXISTS', FEED) == 0 then return {0, 0, {}} end
local info = redis.call('XINFO', 'STREAM', FEED)
local added, kept = 0, 0
for j = 1, #info, 2 do
  if info[j] == 'entries-added' then added = info[j + 1] elseif info[j] == 'length' then kept = info[j + 1] end
end
local entries
if ARGV[1] == '' then
  entries = redis.call('XREVRANGE', FEED, '+', '-', 'COUNT', 1)
else
  entries = redis.call('XRANGE', FEED, '(' .. ARGV[1], '+', 'COUNT', ARGV[2])
end
return {added, kept, entries}
