-- The change feed as a reader sees it, in one atomic look: {entries ever added (FEEDN, which
-- feed_announce keeps with the stream), entries kept, entries}. ARGV[1] = '' for the newest entry
-- (where a new reader starts), else up to ARGV[2] entries after id ARGV[1]. The feed is only ever
-- trimmed from its oldest end (never XDEL), so a reader knows it missed entries when more were
-- trimmed (added - kept) than it had read.
local added = tonumber(redis.call('GET', FEEDN) or '0')
local kept = redis.call('XLEN', FEED)
local entries
if ARGV[1] == '' then
  entries = redis.call('XREVRANGE', FEED, '+', '-', 'COUNT', 1)
else
  entries = redis.call('XRANGE', FEED, '(' .. ARGV[1], '+', 'COUNT', ARGV[2])
end
return {added, kept, entries}
