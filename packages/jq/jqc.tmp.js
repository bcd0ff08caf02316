const jq = require('jq-wasm');
(async () => {
  for (const p of process.argv.slice(2)) {
    const r = await jq.raw('{"a":null,"b":[1,null],"s":"x"}', p, ['-c']);
    console.log(p.padEnd(40), r.exitCode, r.stdout.trim(), r.stderr.trim().slice(0, 150));
  }
})();
