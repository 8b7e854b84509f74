// Round-by-round comparison of two peer-bench candidates, each less its control, over the bench's
// raw results (docs/performance.md, "The light-DOM mode beside the shadow mode"). In one round every
// candidate ran minutes apart at most, so a round's ratio is less exposed to the machine's drift than
// a ratio of pooled medians. Run from the bench's copy, after `node run.mjs`:
//   node paired.mjs product-light product page-light vanilla results-raw/*.json
import { readFileSync } from 'node:fs';

const [a, b, controlA, controlB, ...files] = process.argv.slice(2);
if (!files.length) {
  console.error('usage: node paired.mjs A B CONTROL_A CONTROL_B results-raw/FILE.json...');
  process.exit(2);
}
const median = (values) => [...values].sort((x, y) => x - y)[Math.floor(values.length / 2)];

const ratios = [];
const own = [];
for (const file of files) {
  const raw = JSON.parse(readFileSync(file, 'utf8')).raw;
  for (const id of [a, b, controlA, controlB])
    if (!raw[id]) throw new Error(`${file}: no candidate ${id} (it has ${Object.keys(raw).join(', ')})`);
  raw[a].rounds.forEach((_, round) => {
    // The keystroke's time to feedback with style and layout flushed: the bench's "keystroke median".
    const key = (id) => median(raw[id].rounds[round].keys.layout);
    ratios.push(key(a) / key(b));
    own.push([key(a) - key(controlA), key(b) - key(controlB)]);
  });
}
const sorted = [...ratios].sort((x, y) => x - y);
console.log(
  `${a} / ${b}, ${sorted.length} rounds: median ${median(sorted).toFixed(2)}x, ` +
    `${a} not slower in ${sorted.filter((r) => r <= 1).length}`,
);
console.log(`  ${sorted.map((r) => r.toFixed(2)).join(' ')}`);
console.log(
  `above its control (${controlA}; ${controlB}), median: ${a} ${median(own.map((o) => o[0])).toFixed(3)} ms, ` +
    `${b} ${median(own.map((o) => o[1])).toFixed(3)} ms; ${a} not more in ${own.filter((o) => o[0] <= o[1]).length}`,
);
