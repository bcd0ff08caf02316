// The README is what an adopter follows, so the adopter test builds its backend from the README's own code blocks
// rather than from a copy that could drift: a block is marked by `<!-- adopter-test: NAME -->` on the line before it.
const fs = require('node:fs');

function readReadmeBlock(file, name) {
  const text = fs.readFileSync(file, 'utf8');
  const marker = `<!-- adopter-test: ${name} -->`;
  const at = text.indexOf(marker);
  if (at < 0) throw new Error(`${file} has no ${marker}`);
  const block = /^```[a-z]*\n([\s\S]*?)^```/m.exec(
    text.slice(at + marker.length),
  );
  if (!block) throw new Error(`${file}: no code block after ${marker}`);
  return block[1];
}

module.exports = { readReadmeBlock };
