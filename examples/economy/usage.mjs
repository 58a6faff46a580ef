// A month of usage events for the economy example and its test: two a day per consumer (one at
// night, one by day), then a few events repeated and a few bad ones. Deterministic.
//
//   node examples/economy/usage.mjs MONTH CONSUMER_KEY... > usage.jsonl     (MONTH: 2026-11)

const [month, ...consumers] = process.argv.slice(2);
const days = new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 0)).getUTCDate();
const good = [];
consumers.forEach((consumer, c) => {
  for (let day = 1; day <= days; day++) {
    const d = String(day).padStart(2, "0");
    good.push({ id: `c${c + 1}-${month}-${d}-day`, consumer, start: `${month}-${d}T10:00:00Z`, cpu: 4 + ((day * (c + 3)) % 7), memory: `${8 * (c + 1)}.5` });
    good.push({ id: `c${c + 1}-${month}-${d}-night`, consumer, start: `${month}-${d}T23:00:00Z`, cpu: 2 + (day % 3) });
  }
});
const bad = [
  '{"id": "bad-1", "consumer": "CONSUMER", "cpu": 3}',
  '{"id": "bad-2", "consumer": "CONSUMER", "start": "MONTH-05T10:00:00Z", "cpu": -3}',
  '{"id": "bad-3", "consumer": "CONSUMER", "start": "MONTH-05T10:00:00Z", "cpu": "lots"}',
  '{"id": "bad-4", "consumer": "' + "ab".repeat(32) + '", "start": "MONTH-05T10:00:00Z", "cpu": 1}',
  '{"id": "bad-5", "consumer": "CONSUMER", "start": "MONTH-05T10:00:00Z", "cpu": 1,',
  '{"id": "c1-MONTH-01-day", "consumer": "CONSUMER", "start": "MONTH-01T10:00:00Z", "cpu": 999}',
].map((l) => l.replaceAll("CONSUMER", consumers[0]).replaceAll("MONTH", month));
const lines = good.map((e) => JSON.stringify(e));
// Repeats: the first five events again, as a meter that lost its acknowledgement would send them.
process.stdout.write([...lines, ...lines.slice(0, 5), ...bad].join("\n") + "\n");
