// BullMQ beside bt-manager on the same Redis, driven by the JMH harness (RedisSystems.BullMq) over
// stdin/stdout, one command a line:
//   run <n>   add n no-op jobs with addBulk, answer "done" once the workers completed all n
//   clean     remove the completed jobs (outside the timed section), answer "cleaned"
//   quit      close the workers and the queue, exit
// Arguments: redis URL, worker concurrency, lock duration (ms), workers, addBulk chunk size.
'use strict';
const { Queue, Worker } = require('bullmq');
const readline = require('readline');

const [url, concurrency, lockDuration, workers, chunk] = process.argv.slice(2);
const u = new URL(url);
const connection = { host: u.hostname, port: Number(u.port || 6379), maxRetriesPerRequest: null };
const name = 'bench-' + process.pid;
const queue = new Queue(name, { connection });

let completed = 0;
let target = 0;
let onDone = null;
const pool = [];
for (let i = 0; i < Number(workers); i++) {
  const w = new Worker(name, async () => null, {
    connection,
    concurrency: Number(concurrency),
    lockDuration: Number(lockDuration),
  });
  w.on('completed', () => {
    completed++;
    if (onDone && completed >= target) {
      const f = onDone;
      onDone = null;
      f();
    }
  });
  pool.push(w);
}

async function run(n) {
  completed = 0;
  target = n;
  const finished = new Promise((resolve) => (onDone = resolve));
  const size = Number(chunk);
  for (let from = 0; from < n; from += size) {
    const jobs = [];
    for (let i = from; i < Math.min(n, from + size); i++) {
      jobs.push({ name: 'noop', data: { n: i } });
    }
    await queue.addBulk(jobs);
  }
  if (completed < target) {
    await finished;
  }
}

const rl = readline.createInterface({ input: process.stdin });
rl.on('line', async (line) => {
  const [cmd, arg] = line.trim().split(/\s+/);
  if (cmd === 'run') {
    await run(Number(arg));
    process.stdout.write('done\n');
  } else if (cmd === 'clean') {
    await queue.clean(0, 1000000, 'completed');
    process.stdout.write('cleaned\n');
  } else if (cmd === 'quit') {
    await Promise.all(pool.map((w) => w.close()));
    await queue.obliterate({ force: true });
    await queue.close();
    process.exit(0);
  }
});

Promise.all(pool.map((w) => w.waitUntilReady()))
  .then(() => queue.waitUntilReady())
  .then(() => process.stdout.write('ready bullmq ' + require('bullmq/package.json').version + '\n'));
